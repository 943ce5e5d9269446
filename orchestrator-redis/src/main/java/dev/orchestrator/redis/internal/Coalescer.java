package dev.orchestrator.redis.internal;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action at most once per window: the first request runs it at once, requests inside the
 * window are merged into one run at the window's end. A burst of schedule changes (a batch claim, a
 * mass import) costs one publish per window instead of one per change, and no request is dropped.
 */
final class Coalescer {
  static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final ScheduledExecutorService executor;
  private final Runnable action;
  private long lastRun;
  private boolean ranOnce;
  private boolean pending;

  Coalescer(ScheduledExecutorService executor, Runnable action) {
    this.executor = executor;
    this.action = action;
  }

  void request() {
    long wait;
    synchronized (this) {
      if (pending) {
        return;
      }
      long now = System.nanoTime();
      wait = ranOnce ? lastRun + WINDOW_NANOS - now : 0;
      if (wait <= 0) {
        ranOnce = true;
        lastRun = now;
      } else {
        pending = true;
      }
    }
    if (wait <= 0) {
      action.run();
    } else {
      try {
        executor.schedule(this::runPending, wait, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        // The store is closing; nobody is left to signal.
        synchronized (this) {
          pending = false;
        }
      }
    }
  }

  private void runPending() {
    synchronized (this) {
      pending = false;
      ranOnce = true;
      lastRun = System.nanoTime();
    }
    action.run();
  }
}
