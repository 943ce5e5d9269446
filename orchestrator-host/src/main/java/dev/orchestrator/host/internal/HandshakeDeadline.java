package dev.orchestrator.host.internal;

import java.io.IOException;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;
import org.java_websocket.enums.ReadyState;
import org.java_websocket.framing.CloseFrame;

/**
 * Drops connections that have not finished their handshake (TLS and the HTTP upgrade) within a
 * deadline, so slow or silent clients cannot pile up open sockets. Java-WebSocket 1.6.0 has no
 * such limit: its ping-based liveness check only covers open WebSockets. Wraps the factory the
 * server would use otherwise, which sees every accepted connection first. Thread-safe.
 */
final class HandshakeDeadline implements WebSocketServerFactory {
  private static final Duration MIN_CHECK = Duration.ofMillis(50);
  private static final Duration MAX_CHECK = Duration.ofSeconds(1);

  private final WebSocketServerFactory delegate;
  private final long timeoutNanos;
  private final Runnable onTimeout;
  private final Map<WebSocketImpl, Long> pending = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;

  /**
   * Starts checking at once, every quarter of {@code timeout} (between 50 ms and 1 s).
   *
   * @param onTimeout called once for each connection dropped
   */
  HandshakeDeadline(WebSocketServerFactory delegate, Duration timeout, Runnable onTimeout) {
    this.delegate = delegate;
    this.timeoutNanos = timeout.toNanos();
    this.onTimeout = onTimeout;
    this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "ws-handshake-deadline");
      thread.setDaemon(true);
      return thread;
    });
    Duration quarter = timeout.dividedBy(4);
    long period = (quarter.compareTo(MIN_CHECK) < 0 ? MIN_CHECK
        : quarter.compareTo(MAX_CHECK) > 0 ? MAX_CHECK : quarter).toMillis();
    timer.scheduleWithFixedDelay(this::expire, period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter adapter, Draft draft) {
    return track(delegate.createWebSocket(adapter, draft));
  }

  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter adapter, List<Draft> drafts) {
    return track(delegate.createWebSocket(adapter, drafts));
  }

  @Override
  public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) throws IOException {
    return delegate.wrapChannel(channel, key);
  }

  /** Stops checking and closes the wrapped factory. */
  @Override
  public void close() {
    timer.shutdownNow();
    pending.clear();
    delegate.close();
  }

  private WebSocketImpl track(WebSocketImpl socket) {
    pending.put(socket, System.nanoTime());
    return socket;
  }

  private void expire() {
    long now = System.nanoTime();
    Iterator<Map.Entry<WebSocketImpl, Long>> entries = pending.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<WebSocketImpl, Long> entry = entries.next();
      WebSocketImpl socket = entry.getKey();
      if (socket.getReadyState() != ReadyState.NOT_YET_CONNECTED) {
        entries.remove();
      } else if (now - entry.getValue() >= timeoutNanos) {
        entries.remove();
        onTimeout.run();
        socket.closeConnection(CloseFrame.NEVER_CONNECTED, "handshake not finished in time");
      }
    }
  }
}
