package dev.orchestrator.core.internal;

import dev.orchestrator.core.spi.EngineScheduler;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default scheduler: a fixed pool of daemon threads for both immediate and timed work. */
public final class ThreadPoolScheduler implements EngineScheduler {
  private static final Logger log = LoggerFactory.getLogger(ThreadPoolScheduler.class);
  private final ScheduledThreadPoolExecutor pool;

  public ThreadPoolScheduler(int threads) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory =
        task -> {
          Thread thread = new Thread(task, "orchestrator-engine-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    pool = new ScheduledThreadPoolExecutor(threads, factory);
    pool.setRemoveOnCancelPolicy(true);
    pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  @Override
  public void execute(Runnable task) {
    try {
      pool.execute(guarded(task));
    } catch (RejectedExecutionException e) {
      // Work handed over after close() belongs to an engine that has stopped: nothing to do.
      log.debug("dropped a task after shutdown");
    }
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    try {
      ScheduledFuture<?> future =
          pool.schedule(guarded(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
      return () -> future.cancel(false);
    } catch (RejectedExecutionException e) {
      log.debug("dropped a timer after shutdown");
      return () -> { };
    }
  }

  @Override
  public void close() {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  // A task that throws would otherwise vanish silently inside the executor's Future.
  private static Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        log.error("engine task failed", e);
      }
    };
  }
}
