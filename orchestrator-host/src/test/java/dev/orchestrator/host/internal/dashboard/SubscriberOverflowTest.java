package dev.orchestrator.host.internal.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.core.model.EventType;
import dev.orchestrator.core.model.OrchestratorEvent;
import dev.orchestrator.core.spi.LoggedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A subscriber that does not keep up is reset, and the events it lost are counted. */
class SubscriberOverflowTest {

  @Test
  void shouldCountTheEventsDroppedWhenASubscribersQueueOverflows() {
    EventJournal journal = new EventJournal(100, subscriber -> { });
    journal.restart(0, false);
    Idle slow = new Idle(4);
    journal.subscribe(slow, 0);

    journal.add(events(1, 4));
    assertThat(journal.overflowDropped()).isZero();

    journal.add(events(5, 6));

    assertThat(journal.overflowDropped()).isEqualTo(5);
    Subscriber.Batch batch = slow.take(10);
    assertThat(batch.resetTo()).isEqualTo(5);
    assertThat(batch.events()).extracting(StreamEvent::id).containsExactly(6L);
  }

  private static List<LoggedEvent> events(long from, long to) {
    List<LoggedEvent> events = new ArrayList<>();
    for (long id = from; id <= to; id++) {
      events.add(new LoggedEvent(id, new OrchestratorEvent(EventType.MAP_CREATED,
          Instant.parse("2030-01-01T00:00:00Z"), "m" + id, null, null, 1, Map.of()), false));
    }
    return events;
  }

  /** A subscriber that never writes. */
  private static final class Idle extends Subscriber {
    Idle(int capacity) {
      super(EventFilter.ALL, capacity);
    }

    @Override
    void send(Batch batch) {
    }

    @Override
    void end() {
    }
  }
}
