package dev.orchestrator.core.internal;

import dev.orchestrator.core.spi.EngineScheduler;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared scheduler. One per game server
 * keeps its messages in order without a thread per server. A task that hands its work to
 * another thread can {@link #suspend()} the executor, so the next task waits for that work
 * without holding a thread.
 */
final class SerialExecutor {
  private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);
  // Yield the pool thread after this many tasks so one busy server cannot starve others.
  private static final int TASKS_PER_TURN = 64;

  private final EngineScheduler scheduler;
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  private boolean running;
  private boolean suspended;

  SerialExecutor(EngineScheduler scheduler) {
    this.scheduler = scheduler;
  }

  void execute(Runnable task) {
    synchronized (this) {
      queue.add(task);
      if (running || suspended) {
        return;
      }
      running = true;
    }
    scheduler.execute(this::drain);
  }

  /** Called by the running task: no further task starts until {@link #resume} is called. */
  synchronized void suspend() {
    suspended = true;
  }

  /** Ends a {@link #suspend()}: runs {@code first} (if not null), then the queued tasks. */
  void resume(Runnable first) {
    synchronized (this) {
      if (first != null) {
        queue.addFirst(first);
      }
      suspended = false;
      if (running || queue.isEmpty()) {
        return;
      }
      running = true;
    }
    scheduler.execute(this::drain);
  }

  private void drain() {
    for (int i = 0; i < TASKS_PER_TURN; i++) {
      Runnable task;
      synchronized (this) {
        task = suspended ? null : queue.poll();
        if (task == null) {
          running = false;
          return;
        }
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        log.warn("task failed: {}", e.toString(), e);
      }
    }
    scheduler.execute(this::drain);
  }
}
