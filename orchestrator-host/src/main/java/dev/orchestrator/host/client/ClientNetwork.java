package dev.orchestrator.host.client;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The network threads that {@link GameServerClient}s do their socket I/O on: non-blocking
 * sockets multiplexed over a few selector threads, so one process can hold tens of thousands of
 * connections. A client built without one creates its own with one thread and stops it when it
 * closes; a fleet of clients in one process shares one ({@link
 * GameServerClient.Builder#network(ClientNetwork)}). Thread-safe.
 */
public final class ClientNetwork implements AutoCloseable {
  private static final long QUIET_PERIOD_MS = 0;
  private static final long STOP_TIMEOUT_MS = 2_000;

  private final EventLoopGroup group;

  private ClientNetwork(int threads) {
    this.group = new MultiThreadIoEventLoopGroup(threads,
        new DefaultThreadFactory("game-server-client-io", true), NioIoHandler.newFactory());
  }

  /**
   * Starts {@code threads} selector threads (daemon threads named {@code
   * game-server-client-io-*}).
   *
   * @param threads 1 or more; one per core is plenty, since clients do no blocking work on them
   * @throws IllegalArgumentException if {@code threads} is below 1
   */
  public static ClientNetwork create(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("network threads must be 1 or more, got " + threads);
    }
    return new ClientNetwork(threads);
  }

  EventLoopGroup group() {
    return group;
  }

  /** Whether the calling thread is one of these network threads. */
  boolean isNetworkThread() {
    for (EventExecutor executor : group) {
      if (executor.inEventLoop()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Stops the threads; connections still open are dropped without a close frame, so close the
   * clients first. Waits up to 2 s. Idempotent.
   */
  @Override
  public void close() {
    group.shutdownGracefully(QUIET_PERIOD_MS, STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(STOP_TIMEOUT_MS * 2);
  }
}
