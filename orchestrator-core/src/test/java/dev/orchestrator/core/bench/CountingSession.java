package dev.orchestrator.core.bench;

import dev.orchestrator.core.ServerSession;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process game server for benchmarks: counts {@code welcome} and {@code assign_job}
 * frames by their prefix instead of decoding them. Thread-safe.
 */
final class CountingSession implements ServerSession {
  static final String ASSIGN_JOB = "{\"type\":\"assign_job\"";
  static final String WELCOME = "{\"type\":\"welcome\"";

  private final String serverId;
  private final CountDownLatch welcomed;
  private final CountDownLatch assigned;
  private final AtomicInteger jobs = new AtomicInteger();

  CountingSession(String serverId, CountDownLatch welcomed, CountDownLatch assigned) {
    this.serverId = serverId;
    this.welcomed = welcomed;
    this.assigned = assigned;
  }

  /** How many {@code assign_job} frames this server received. */
  int jobs() {
    return jobs.get();
  }

  @Override
  public String serverId() {
    return serverId;
  }

  @Override
  public String remoteAddress() {
    return "127.0.0.1";
  }

  @Override
  public void send(String frame) {
    if (frame.startsWith(ASSIGN_JOB)) {
      jobs.incrementAndGet();
      assigned.countDown();
    } else if (frame.startsWith(WELCOME)) {
      welcomed.countDown();
    }
  }

  @Override
  public void close(int code, String reason) {}
}
