package dev.orchestrator.core.benchkit;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many {@code job_done} answers one benchmark invocation may send, and a wait until every
 * server has parked its next job once the budget is spent. Thread-safe.
 */
public final class CycleBudget {
  private final AtomicInteger left = new AtomicInteger();
  private volatile CountDownLatch allParked;

  /** Grants {@code cycles} answers and expects {@code servers} parked jobs at the end. */
  public void grant(int cycles, int servers) {
    allParked = new CountDownLatch(servers);
    left.set(cycles);
  }

  public boolean take() {
    return left.getAndDecrement() > 0;
  }

  public void parked() {
    allParked.countDown();
  }

  public void awaitAllParked(long seconds) throws InterruptedException {
    CountDownLatch latch = allParked;
    if (!latch.await(seconds, TimeUnit.SECONDS)) {
      throw new IllegalStateException(latch.getCount() + " servers never parked a job");
    }
  }
}
