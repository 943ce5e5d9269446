package dev.orchestrator.core.internal;

import dev.orchestrator.core.spi.EngineScheduler;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared scheduler. One per game server
 * keeps its messages in order without a thread per server.
 */
final class SerialExecutor {
  private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);
  // Yield the pool thread after this many tasks so one busy server cannot starve others.
  private static final int TASKS_PER_TURN = 64;

  private final EngineScheduler scheduler;
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  private boolean running;

  SerialExecutor(EngineScheduler scheduler) {
    this.scheduler = scheduler;
  }

  void execute(Runnable task) {
    synchronized (this) {
      queue.add(task);
      if (running) {
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
        task = queue.poll();
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
