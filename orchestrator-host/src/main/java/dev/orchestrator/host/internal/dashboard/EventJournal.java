package dev.orchestrator.host.internal.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.core.model.EventType;
import dev.orchestrator.core.model.OrchestratorEvent;
import dev.orchestrator.core.spi.LoggedEvent;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * This host's copy of the newest events of the shared event log, each encoded once for every
 * reader when the first one asks for it: a ring of the last {@code bufferSize} events for
 * resume, the last job outcomes and per-minute completion and failure counts of the last hour
 * for a freshly opened dashboard, and the subscribers, to which it hands each new event that
 * their filter lets through.
 *
 * <p>Only the {@link EventFeed} adds events, in log order. Resume, dispatch and subscription
 * share one lock, so a subscriber that joins gets every event after its position exactly
 * once: the backlog from the ring, then the live ones. Thread-safe.
 */
final class EventJournal {
  static final int RECENT_OUTCOMES = 50;
  static final int MINUTES = 60;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StreamEvent[] ring;
  private final SubscriberIndex subscribers = new SubscriberIndex();
  private final Consumer<Subscriber> wake;
  private final LongAdder overflowDropped = new LongAdder();
  private int head;
  private int size;
  private long floorId;
  private long latestId;
  private final ArrayDeque<StreamEvent> recent = new ArrayDeque<>();
  private final long[] bucketMinute = new long[MINUTES];
  private final long[] completed = new long[MINUTES];
  private final long[] failed = new long[MINUTES];

  /**
   * An empty journal.
   *
   * @param wake schedules delivery to a subscriber that has new events; must not block
   */
  EventJournal(int bufferSize, Consumer<Subscriber> wake) {
    this.ring = new StreamEvent[bufferSize];
    this.wake = wake;
    Arrays.fill(bucketMinute, -1);
  }

  /**
   * Forgets the held events and goes on after {@code position}. With {@code loss}, every
   * subscriber is sent {@code reset}: the feed could not follow the log without a gap.
   */
  synchronized void restart(long position, boolean loss) {
    Arrays.fill(ring, null);
    head = 0;
    size = 0;
    floorId = position;
    latestId = position;
    if (loss) {
      for (Subscriber subscriber : subscribers.all()) {
        subscriber.reset(position);
        wake.accept(subscriber);
      }
    }
  }

  /** Adds events the feed read from the log, in log order, and hands them to subscribers. */
  synchronized void add(List<LoggedEvent> events) {
    for (LoggedEvent logged : events) {
      if (logged.id() <= latestId) {
        continue;
      }
      StreamEvent event = hold(logged);
      if (logged.afterLoss()) {
        for (Subscriber subscriber : subscribers.all()) {
          subscriber.reset(logged.id() - 1);
          wake.accept(subscriber);
        }
      }
      if (size == ring.length) {
        floorId = ring[head].id();
        ring[head] = null;
        head = (head + 1) % ring.length;
        size--;
      }
      ring[(head + size) % ring.length] = event;
      size++;
      latestId = event.id();
      count(logged.event());
      subscribers.forEachMatch(event, subscriber -> {
        overflowDropped.add(subscriber.offer(event));
        wake.accept(subscriber);
      });
    }
  }

  /**
   * Adds a subscriber that has seen everything up to {@code position}: it is given the held
   * events after it that its filter lets through, or {@code reset} if the position is older
   * than the ring holds or newer than the newest event (an id of another log), then every new
   * event.
   */
  synchronized void subscribe(Subscriber subscriber, long position) {
    if (position < floorId || position > latestId) {
      subscriber.reset(latestId);
    } else {
      for (int i = firstAfter(position); i < size; i++) {
        StreamEvent event = ring[(head + i) % ring.length];
        if (subscriber.filter.matches(event)) {
          overflowDropped.add(subscriber.offer(event));
        }
      }
    }
    subscribers.add(subscriber);
    wake.accept(subscriber);
  }

  /** Events dropped because a subscriber's queue was full (it was told to reset instead). */
  long overflowDropped() {
    return overflowDropped.sum();
  }

  void unsubscribe(Subscriber subscriber) {
    subscribers.remove(subscriber);
  }

  SubscriberIndex subscribers() {
    return subscribers;
  }

  /** The index (0 = oldest held) of the first held event with an id above {@code position}. */
  private int firstAfter(long position) {
    int low = 0;
    int high = size;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (ring[(head + mid) % ring.length].id() <= position) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  private StreamEvent hold(LoggedEvent logged) {
    StreamEvent event = new StreamEvent(logged.id(), logged.event());
    if (isOutcome(logged.event().type())) {
      recent.addFirst(event);
      if (recent.size() > RECENT_OUTCOMES) {
        recent.removeLast();
      }
    }
    return event;
  }

  static boolean isOutcome(EventType type) {
    return type == EventType.JOB_COMPLETED || isFailure(type);
  }

  /** A timed-out lease is a failed job as much as a reported failure is. */
  static boolean isFailure(EventType type) {
    return type == EventType.JOB_FAILED || type == EventType.JOB_TIMED_OUT;
  }

  private void count(OrchestratorEvent event) {
    if (!isOutcome(event.type())) {
      return;
    }
    long minute = Math.floorDiv(event.time().getEpochSecond(), 60);
    int slot = (int) Math.floorMod(minute, MINUTES);
    if (bucketMinute[slot] > minute) {
      return;
    }
    if (bucketMinute[slot] < minute) {
      bucketMinute[slot] = minute;
      completed[slot] = 0;
      failed[slot] = 0;
    }
    if (event.type() == EventType.JOB_COMPLETED) {
      completed[slot]++;
    } else {
      failed[slot]++;
    }
  }

  /** The id of the newest event held, or the position the journal started from. */
  synchronized long latestId() {
    return latestId;
  }

  /**
   * The newest job outcomes (newest first), the per-minute counts of the hour up to {@code
   * now} (oldest minute first) and the latest id, read together so that a dashboard can open
   * the stream right after them without a gap. They cover every host on the store: the
   * journal counts what the shared log holds, from the oldest event it still held when this
   * host started.
   */
  synchronized ObjectNode summary(Instant now) {
    ObjectNode node = JSON.createObjectNode().put("latest_id", latestId)
        .put("now", now.toString());
    ArrayNode minutes = node.putArray("minutes");
    long current = Math.floorDiv(now.getEpochSecond(), 60);
    for (long minute = current - MINUTES + 1; minute <= current; minute++) {
      int slot = (int) Math.floorMod(minute, MINUTES);
      boolean held = bucketMinute[slot] == minute;
      minutes.addObject()
          .put("start", Instant.ofEpochSecond(minute * 60).toString())
          .put("completed", held ? completed[slot] : 0)
          .put("failed", held ? failed[slot] : 0);
    }
    ArrayNode outcomes = node.putArray("recent");
    recent.forEach(event -> outcomes.add(event.toJson()));
    return node;
  }
}
