package dev.orchestrator.host.internal;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the game-server listener alive when the process runs out of file descriptors. In
 * Java-WebSocket 1.6.0 a failed {@code accept} (EMFILE at the open-files limit) reaches the
 * selector loop's generic I/O error handling, which cancels the listening key and closes the
 * listening socket: the listener never accepts again and logs nothing. So before each accept
 * this checks that a descriptor is free (it opens and closes an unconnected socket); when none
 * is, it counts a failure, warns at most once a minute, and pauses accepting for a second
 * (connects wait in the accept backlog meanwhile) instead of letting the accept fail. A
 * descriptor taken by another thread between the check and the accept can still make it fail;
 * {@link #lost()} tells whether that closed the listening socket. Thread-safe.
 */
final class AcceptGuard {
  private static final Logger log = LoggerFactory.getLogger(AcceptGuard.class);
  private static final Duration PAUSE = Duration.ofSeconds(1);
  private static final Duration RETRY = Duration.ofMillis(100);
  private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final ScheduledExecutorService timer;
  private final Runnable onFailure;
  private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
  private final AtomicLong sinceWarning = new AtomicLong();
  private volatile ServerSocketChannel listening;
  private volatile boolean lostReported;
  private volatile boolean stopped;

  /**
   * @param timer runs the resumption after a pause
   * @param onFailure called once for each accept that could not be made
   */
  AcceptGuard(ScheduledExecutorService timer, Runnable onFailure) {
    this.timer = timer;
    this.onFailure = onFailure;
  }

  /**
   * Called on the selector thread before each accept, with the listening key.
   *
   * @return false to pause accepting: Java-WebSocket then cancels the key, and it is
   *     registered again after the pause
   */
  boolean mayAccept(SelectionKey key) {
    listening = (ServerSocketChannel) key.channel();
    try (SocketChannel probe = SocketChannel.open()) {
      return true;
    } catch (IOException outOfFiles) {
      failed(outOfFiles.getMessage() + "; accepting paused for " + PAUSE.toMillis() + " ms");
      resumeLater(key.selector(), PAUSE);
      return false;
    }
  }

  /**
   * Whether the listening socket was closed under the listener (an accept failed after all);
   * counted and logged once. The caller checks this periodically.
   */
  boolean lost() {
    ServerSocketChannel channel = listening;
    if (channel == null || channel.isOpen()) {
      return false;
    }
    if (!lostReported && !stopped) {
      lostReported = true;
      onFailure.run();
      log.error("the game-server listener stopped accepting connections: an accept failed"
          + " (probably the open-files limit, {}) and Java-WebSocket closed the listening"
          + " socket; restart this host", OpenFiles.current().describe());
    }
    return true;
  }

  private void resume(Selector selector) {
    ServerSocketChannel channel = listening;
    try {
      channel.register(selector, SelectionKey.OP_ACCEPT);
      selector.wakeup();
    } catch (CancelledKeyException notYetDeregistered) {
      // The selector drops the cancelled key on its next pass; try again after it.
      selector.wakeup();
      resumeLater(selector, RETRY);
    } catch (ClosedChannelException | ClosedSelectorException stopped) {
      // The listener was stopped meanwhile.
    }
  }

  /** The listener is stopping: its socket closes on purpose. */
  void stop() {
    stopped = true;
  }

  private void resumeLater(Selector selector, Duration delay) {
    try {
      timer.schedule(() -> resume(selector), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopping) {
      // The listener is stopping; nothing to resume.
    }
  }

  private void failed(String reason) {
    onFailure.run();
    long failures = sinceWarning.incrementAndGet();
    long now = System.nanoTime();
    long last = lastWarning.get();
    if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
      sinceWarning.addAndGet(-failures);
      log.warn("cannot accept game-server connections: {} ({} time(s) since the last warning;"
          + " {})", reason, failures, OpenFiles.current().describe());
    }
  }
}
