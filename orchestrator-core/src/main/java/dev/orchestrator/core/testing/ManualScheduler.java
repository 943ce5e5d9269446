package dev.orchestrator.core.testing;

import dev.orchestrator.core.spi.EngineScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.PriorityQueue;

/**
 * Runs engine work on the calling thread, on virtual time. {@link #execute} runs the task
 * before returning (queued behind any task already running, never recursively); timed tasks
 * run when {@link #advance} moves the clock past their time, in time order.
 */
public final class ManualScheduler implements EngineScheduler {
  private final SettableClock clock;
  private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
  private final PriorityQueue<Timed> timers = new PriorityQueue<>();
  private long sequence;
  private boolean draining;
  private boolean closed;

  /** A scheduler whose timers follow {@code clock}. */
  public ManualScheduler(SettableClock clock) {
    this.clock = clock;
  }

  /** The clock it follows. */
  public SettableClock clock() {
    return clock;
  }

  @Override
  public void execute(Runnable task) {
    synchronized (this) {
      if (closed) {
        return;
      }
      ready.add(task);
      if (draining) {
        return;
      }
      draining = true;
    }
    drain();
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    Timed timed = new Timed(clock.instant().plus(delay), sequence++, task);
    timers.add(timed);
    return () -> {
      synchronized (ManualScheduler.this) {
        timers.remove(timed);
      }
    };
  }

  /**
   * Moves the clock forward by {@code step}, stopping at each timer on the way to run it (and
   * whatever it queues) at its own time.
   */
  public void advance(Duration step) {
    Instant target = clock.instant().plus(step);
    while (true) {
      Timed next;
      synchronized (this) {
        next = timers.peek();
        if (next == null || next.at.isAfter(target)) {
          break;
        }
        timers.poll();
      }
      if (next.at.isAfter(clock.instant())) {
        clock.set(next.at);
      }
      execute(next.task);
    }
    clock.set(target);
  }

  /** Runs timers that are due now without moving the clock. */
  public void runDue() {
    advance(Duration.ZERO);
  }

  /** How many timed tasks wait. */
  public synchronized int pendingTimers() {
    return timers.size();
  }

  @Override
  public synchronized void close() {
    closed = true;
    timers.clear();
    ready.clear();
  }

  private void drain() {
    while (true) {
      Runnable task;
      synchronized (this) {
        task = ready.poll();
        if (task == null) {
          draining = false;
          return;
        }
      }
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        synchronized (this) {
          draining = false;
        }
        throw e;
      }
    }
  }

  private record Timed(Instant at, long sequence, Runnable task) implements Comparable<Timed> {
    @Override
    public int compareTo(Timed other) {
      int byTime = at.compareTo(other.at);
      return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
  }
}
