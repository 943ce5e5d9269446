package dev.orchestrator.redis;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many {@code job_done} answers one benchmark invocation may send, and a wait until every
 * server has parked its next job once the budget is spent. Thread-safe.
 */
final class CycleBudget {
  private final AtomicInteger left = new AtomicInteger();
  private volatile CountDownLatch allParked;

  /** Grants {@code cycles} answers and expects {@code servers} parked jobs at the end. */
  void grant(int cycles, int servers) {
    allParked = new CountDownLatch(servers);
    left.set(cycles);
  }

  boolean take() {
    return left.getAndDecrement() > 0;
  }

  void parked() {
    allParked.countDown();
  }

  void awaitAllParked(long seconds) throws InterruptedException {
    CountDownLatch latch = allParked;
    if (!latch.await(seconds, TimeUnit.SECONDS)) {
      throw new IllegalStateException(latch.getCount() + " servers never parked a job");
    }
  }
}
