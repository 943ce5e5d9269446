package dev.orchestrator.core.spi;

import java.time.Duration;

/**
 * Runs the engine's work: tasks now and tasks later. The default is a small thread pool;
 * tests use {@code dev.orchestrator.core.testing.ManualScheduler} to run everything on
 * virtual time, on the calling thread.
 */
public interface EngineScheduler extends AutoCloseable {

  /** Runs {@code task} soon on some thread. Never blocks. */
  void execute(Runnable task);

  /** Runs {@code task} once after {@code delay}. */
  Cancellable schedule(Duration delay, Runnable task);

  /** Stops accepting work and waits briefly for running tasks. */
  @Override
  void close();

  /** A scheduled task that may still be called off. */
  @FunctionalInterface
  interface Cancellable {
    /** Calls the task off if it has not started; idempotent. */
    void cancel();
  }
}
