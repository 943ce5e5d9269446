package dev.orchestrator.host.badinput;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A client that opens a TCP connection and then sends a request a byte at a time without ever
 * finishing its headers, or sends nothing at all. Notes when the server closes the connection.
 */
final class SlowLoris implements AutoCloseable {
  private final Socket socket;
  private final long openedAt = System.nanoTime();
  private final ScheduledFuture<?> dribble;
  private volatile long closedAt = -1;

  /**
   * Connects to {@code port} on loopback and starts sending {@code head} one byte per {@code
   * every}, then endless header bytes; with an empty {@code head} it sends nothing.
   */
  SlowLoris(int port, String head, Duration every, ScheduledExecutorService scheduler)
      throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    Thread reader = new Thread(this::awaitClose, "loris-reader");
    reader.setDaemon(true);
    reader.start();
    if (head.isEmpty()) {
      dribble = null;
      return;
    }
    byte[] bytes = head.getBytes(StandardCharsets.US_ASCII);
    OutputStream out = socket.getOutputStream();
    int[] next = {0};
    dribble = scheduler.scheduleAtFixedRate(() -> {
      try {
        out.write(next[0] < bytes.length ? bytes[next[0]++] : 'a');
        out.flush();
      } catch (IOException closed) {
        throw new IllegalStateException("connection closed", closed);
      }
    }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void awaitClose() {
    try (InputStream in = socket.getInputStream()) {
      while (in.read() >= 0) {
        // Whatever the server answers, the connection is only over when it closes.
      }
    } catch (IOException reset) {
      // A reset ends it as well.
    }
    closedAt = System.nanoTime();
  }

  boolean isClosedByServer() {
    return closedAt >= 0;
  }

  /** How long the server kept the connection open. */
  Duration heldFor() {
    return Duration.ofNanos(closedAt - openedAt);
  }

  @Override
  public void close() throws IOException {
    if (dribble != null) {
      dribble.cancel(false);
    }
    socket.close();
  }
}
