package dev.orchestrator.core.memory;

import dev.orchestrator.core.model.OrchestratorEvent;
import dev.orchestrator.core.spi.EventLog;
import dev.orchestrator.core.spi.EventPage;
import dev.orchestrator.core.spi.LoggedEvent;
import dev.orchestrator.core.spi.OrchestratorStore.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EventLog} in the JVM heap: a ring of the newest {@code capacity} events with
 * consecutive ids. It reaches only the clients in this process, which is all a store that
 * serves one host needs. Wake-ups run on the appending thread. Thread-safe.
 */
public final class InMemoryEventLog implements EventLog {
  /** The capacity stores use unless configured otherwise. */
  public static final int DEFAULT_CAPACITY = 10_000;

  private static final Logger log = LoggerFactory.getLogger(InMemoryEventLog.class);

  private final LoggedEvent[] ring;
  private final long firstId;
  private final List<Runnable> wakeUps = new CopyOnWriteArrayList<>();
  private long latestId;

  /**
   * An empty log whose first event gets id {@code firstId + 1}.
   *
   * @param capacity events kept
   * @param firstId the id before the first; pick a value above any id an earlier run of the
   *     process handed out (such as the start time in microseconds), so a reader that resumes
   *     with an id of an earlier run is told to reset instead of being sent the wrong events
   * @throws IllegalArgumentException if {@code capacity} is below 1 or {@code firstId} negative
   */
  public InMemoryEventLog(int capacity, long firstId) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    if (firstId < 0) {
      throw new IllegalArgumentException("firstId must be >= 0, got " + firstId);
    }
    this.ring = new LoggedEvent[capacity];
    this.firstId = firstId;
    this.latestId = firstId;
  }

  /**
   * A log of {@link #DEFAULT_CAPACITY} whose ids start at the current time in microseconds, so
   * ids keep growing across restarts of the process (unless it averaged a million events a
   * second).
   */
  public static InMemoryEventLog startingNow() {
    return new InMemoryEventLog(DEFAULT_CAPACITY, System.currentTimeMillis() * 1000);
  }

  @Override
  public void append(List<OrchestratorEvent> events, boolean afterLoss) {
    if (events.isEmpty()) {
      return;
    }
    synchronized (this) {
      boolean loss = afterLoss;
      for (OrchestratorEvent event : events) {
        long id = ++latestId;
        ring[slot(id)] = new LoggedEvent(id, event, loss);
        loss = false;
      }
    }
    for (Runnable wakeUp : wakeUps) {
      try {
        wakeUp.run();
      } catch (RuntimeException e) {
        log.warn("event log reader {} failed on a wake-up", wakeUp, e);
      }
    }
  }

  @Override
  public synchronized EventPage read(long afterId, int max) {
    if (max < 0) {
      throw new IllegalArgumentException("max must be >= 0, got " + max);
    }
    long floor = Math.max(firstId, latestId - ring.length);
    if (afterId < floor || afterId > latestId) {
      return new EventPage(true, floor, latestId, List.of());
    }
    int count = (int) Math.min(max, latestId - afterId);
    List<LoggedEvent> events = new ArrayList<>(count);
    for (long id = afterId + 1; id <= afterId + count; id++) {
      events.add(ring[slot(id)]);
    }
    return new EventPage(false, floor, latestId, events);
  }

  @Override
  public Subscription onAppend(Runnable wakeUp) {
    wakeUps.add(wakeUp);
    return () -> wakeUps.remove(wakeUp);
  }

  @Override
  public int capacity() {
    return ring.length;
  }

  private int slot(long id) {
    return (int) ((id - firstId - 1) % ring.length);
  }
}
