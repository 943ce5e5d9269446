package dev.orchestrator.host.internal.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Server-Sent Events stream. Writes block the writer thread; a reader that stops reading
 * blocks one write, and after {@code writeStall} the timer interrupts it, which closes the
 * socket channel, so the reader cannot hold a writer thread. A stream that has been silent for
 * {@code keepAlive} gets a comment line, so proxies keep it open and a dead client is noticed.
 */
final class SseSubscriber extends Subscriber {
  static final byte[] PREAMBLE = "retry: 2000\n: connected\n\n".getBytes(StandardCharsets.UTF_8);
  private static final Logger log = LoggerFactory.getLogger(SseSubscriber.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

  private final HttpExchange exchange;
  private final OutputStream out;
  private final long keepAliveNanos;
  private final long stallNanos;
  private final ReentrantLock io = new ReentrantLock();
  private volatile long lastWrite = System.nanoTime();
  private volatile boolean keepAliveDue;
  private Thread writer;
  private long writingSince;
  private boolean aborted;

  SseSubscriber(EventFilter filter, int capacity, HttpExchange exchange, long keepAliveNanos,
      long stallNanos) {
    super(filter, capacity);
    this.exchange = exchange;
    this.out = exchange.getResponseBody();
    this.keepAliveNanos = keepAliveNanos;
    this.stallNanos = stallNanos;
  }

  @Override
  void send(Batch batch) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    if (batch.resetTo() >= 0) {
      buffer.writeBytes(resetFrame(batch.resetTo()));
    }
    for (StreamEvent event : batch.events()) {
      buffer.writeBytes(event.frame());
    }
    if (keepAliveDue && buffer.size() == 0) {
      buffer.writeBytes(KEEP_ALIVE);
    }
    keepAliveDue = false;
    if (buffer.size() > 0) {
      write(buffer.toByteArray());
    }
  }

  static byte[] resetFrame(long latestId) {
    String data = JSON.createObjectNode().put("latest_id", latestId)
        .put("message", "this stream fell behind the host's buffer; re-read the lists")
        .toString();
    return ("id: " + latestId + "\nevent: reset\ndata: " + data + "\n\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  void write(byte[] bytes) throws IOException {
    io.lock();
    try {
      synchronized (this) {
        if (aborted) {
          throw new IOException("stream aborted after a stalled write");
        }
        writer = Thread.currentThread();
        writingSince = System.nanoTime();
      }
      try {
        out.write(bytes);
        out.flush();
        lastWrite = System.nanoTime();
      } finally {
        synchronized (this) {
          writer = null;
          writingSince = 0;
          if (aborted) {
            // The watchdog's interrupt may land after the write returned; it must not leak
            // into the next stream this pooled thread serves.
            Thread.interrupted();
          }
        }
      }
    } finally {
      io.unlock();
    }
  }

  @Override
  boolean tick(long nowNanos) {
    synchronized (this) {
      if (writer != null && nowNanos - writingSince > stallNanos) {
        aborted = true;
        writer.interrupt();
        log.info("dropping an event stream that has not read for {} ms", stallNanos / 1_000_000);
        return false;
      }
    }
    if (nowNanos - lastWrite >= keepAliveNanos) {
      keepAliveDue = true;
    }
    return true;
  }

  @Override
  boolean wantsWrite() {
    return keepAliveDue || hasPending();
  }

  /**
   * Closes the exchange unless a write is in progress: that write is either about to fail (the
   * stall watchdog interrupted it) and its failure ends the stream, or the host is stopping.
   */
  @Override
  void end() {
    if (io.tryLock()) {
      try {
        exchange.close();
      } finally {
        io.unlock();
      }
    }
  }
}
