package dev.orchestrator.host.internal.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.core.model.EventType;
import dev.orchestrator.core.model.OrchestratorEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamEventTest {
  private static final Instant T = Instant.parse("2026-11-23T15:00:00.123Z");

  @Test
  void shouldEncodeAMapEventWithSortedDetails() {
    StreamEvent event = new StreamEvent(42, new OrchestratorEvent(EventType.JOB_COMPLETED, T,
        "m-1", "s-1", "j-1", 7, Map.of("next_round_time", "2026-11-23T15:01:00Z", "b", "x\"y")));

    assertThat(event.json()).isEqualTo("{\"id\":42,\"type\":\"job_completed\","
        + "\"time\":\"2026-11-23T15:00:00.123Z\",\"map_id\":\"m-1\",\"server_id\":\"s-1\","
        + "\"job_id\":\"j-1\",\"map_version\":7,"
        + "\"details\":{\"b\":\"x\\\"y\",\"next_round_time\":\"2026-11-23T15:01:00Z\"}}");
  }

  @Test
  void shouldWriteNullsForAServerEvent() {
    StreamEvent event = new StreamEvent(3,
        new OrchestratorEvent(EventType.SERVER_HEARTBEAT, T, null, "s-1", null, 0, Map.of()));

    assertThat(event.json()).isEqualTo("{\"id\":3,\"type\":\"server_heartbeat\","
        + "\"time\":\"2026-11-23T15:00:00.123Z\",\"map_id\":null,\"server_id\":\"s-1\","
        + "\"job_id\":null,\"map_version\":null,\"details\":{}}");
  }

  @Test
  void shouldFrameTheSameJsonForServerSentEvents() {
    StreamEvent event = new StreamEvent(9, new OrchestratorEvent(EventType.JOB_ASSIGNED, T,
        "m-1", "s-1", "j-1", 2, Map.of("attempt", "1")));

    String frame = new String(event.frame(), StandardCharsets.UTF_8);

    assertThat(frame).isEqualTo("id: 9\nevent: job_assigned\ndata: " + event.json() + "\n\n");
    assertThat(event.toJson().toString()).isEqualTo(event.json());
    assertThat(event.json()).isSameAs(event.json());
  }
}
