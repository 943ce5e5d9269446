package dev.orchestrator.host.internal.dashboard;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes queued events to subscribers on a small pool of writer threads, at most one task per
 * subscriber at a time, and runs a timer for what needs time to pass: keep-alives, dropping
 * readers that stopped reading, and retrying WebSocket subscribers whose connection was still
 * busy sending. Thread-safe.
 */
final class Delivery implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Delivery.class);
  private static final int WRITERS = 2;
  private static final int BATCH = 512;
  private static final long TICK_MILLIS = 200;

  private final EventJournal journal;
  private final ExecutorService writers;
  private final ScheduledExecutorService timer;

  Delivery(int bufferSize) {
    this.journal = new EventJournal(bufferSize, this::schedule);
    this.writers = Executors.newFixedThreadPool(WRITERS, daemon("events-writer-"));
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("events-timer-"));
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger number = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  EventJournal journal() {
    return journal;
  }

  void start() {
    timer.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Open subscriptions, SSE and WebSocket together. */
  int open() {
    return journal.subscribers().size();
  }

  void schedule(Subscriber subscriber) {
    if (subscriber.dead || !subscriber.scheduled.compareAndSet(false, true)) {
      return;
    }
    try {
      writers.execute(() -> drain(subscriber));
    } catch (RejectedExecutionException e) {
      subscriber.scheduled.set(false);
    }
  }

  private void drain(Subscriber subscriber) {
    try {
      while (!subscriber.dead && subscriber.ready()) {
        Subscriber.Batch batch = subscriber.take(BATCH);
        if (batch.isEmpty() && !subscriber.wantsWrite()) {
          break;
        }
        subscriber.send(batch);
        if (batch.isEmpty()) {
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      log.debug("event subscriber went away", e);
      drop(subscriber);
    } finally {
      subscriber.scheduled.set(false);
    }
    if (!subscriber.dead && subscriber.ready() && subscriber.hasPending()) {
      schedule(subscriber);
    }
  }

  private void tick() {
    try {
      long now = System.nanoTime();
      for (Subscriber subscriber : journal.subscribers().all()) {
        if (!subscriber.tick(now)) {
          drop(subscriber);
        } else if (subscriber.wantsWrite()) {
          schedule(subscriber);
        }
      }
    } catch (RuntimeException e) {
      log.warn("event delivery timer failed", e);
    }
  }

  /** Removes a subscriber and ends its connection. Idempotent. */
  void drop(Subscriber subscriber) {
    subscriber.dead = true;
    journal.unsubscribe(subscriber);
    subscriber.end();
  }

  /**
   * Ends every subscription (clients reconnect to another host or after the restart) and
   * stops the threads; a connection whose client stopped reading is cut after a second.
   */
  @Override
  public void close() {
    timer.shutdownNow();
    for (Subscriber subscriber : journal.subscribers().all()) {
      subscriber.dead = true;
      journal.unsubscribe(subscriber);
      try {
        writers.execute(subscriber::end);
      } catch (RejectedExecutionException e) {
        log.debug("writers already stopped", e);
      }
    }
    writers.shutdown();
    try {
      if (!writers.awaitTermination(1, TimeUnit.SECONDS)) {
        writers.shutdownNow();
      }
    } catch (InterruptedException e) {
      writers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
