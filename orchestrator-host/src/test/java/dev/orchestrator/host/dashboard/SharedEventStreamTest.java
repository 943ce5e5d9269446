package dev.orchestrator.host.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.protocol.Welcome;
import dev.orchestrator.host.TestHost;
import dev.orchestrator.host.WsClient;
import dev.orchestrator.host.dashboard.SseClient.Message;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several hosts on one PostgreSQL or one Redis: every host's event stream shows the events of
 * the whole orchestrator under the same ids, a client resumes on any host, and a query token
 * from one host opens a stream on another.
 */
class SharedEventStreamTest {
  private static final Map<String, String> NO_HEADERS = Map.of();
  private static final Map<String, String> BEARER =
      Map.of("Authorization", "Bearer shared-secret");

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "redis"})
  void shouldShowWhatHappensOnOneHostOnEveryHostUnderTheSameIds(String kind) {
    try (SharedStores shared = SharedStores.of(kind);
        TestHost a = host(shared, "host-a");
        TestHost b = host(shared, "host-b");
        TestHost c = host(shared, "host-c");
        SseClient onA = SseClient.open(a.http("/api/events/"), NO_HEADERS);
        SseClient onB = SseClient.open(b.http("/api/events/"), NO_HEADERS);
        SseClient onC = SseClient.open(c.http("/api/events/"), NO_HEADERS)) {
      WsClient server = WsClient.connect(b.ws("on-b"));
      server.await(Welcome.class);
      a.createMap("made-on-a");
      AssignJob job = server.await(AssignJob.class);
      server.send(new JobDone("made-on-a", null, job.jobId()));

      for (String event : new String[] {"map_created", "job_assigned", "job_completed"}) {
        Message seenOnA = onA.await(event, "made-on-a");
        assertThat(onB.await(event, "made-on-a").id()).isEqualTo(seenOnA.id());
        assertThat(onC.await(event, "made-on-a").id()).isEqualTo(seenOnA.id());
      }
      Message connected = onA.await(m -> m.event().equals("server_connected")
          && "on-b".equals(m.json().path("server_id").asText()));
      assertThat(onC.await(m -> m.id().equals(connected.id())).event())
          .isEqualTo("server_connected");
      JsonNode summaryOnC = Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> TestHost.json(c.get("/api/events/summary/")),
              s -> s.get("recent").size() == 1);
      assertThat(summaryOnC.get("recent").get(0).get("map_id").asText()).isEqualTo("made-on-a");
      server.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "redis"})
  void shouldResumeOnAnotherHostWithTheAdminTokenOrAQueryTokenMintedOnTheFirst(String kind) {
    try (SharedStores shared = SharedStores.of(kind);
        TestHost a = host(shared, "host-a", "shared-secret").withAdminToken("shared-secret");
        TestHost b = host(shared, "host-b", "shared-secret");
        SseClient onA = SseClient.open(a.http("/api/events/"), BEARER)) {
      a.createMap("first");
      Message first = onA.await("map_created", "first");
      a.createMap("second");
      a.createMap("third");
      Message second = onA.await("map_created", "second");
      onA.await("map_created", "third");
      String token = TestHost.json(a.post("/api/events/token/", "")).get("token").asText();

      try (SseClient byHeader = SseClient.open(b.http("/api/events/"),
              Map.of("Last-Event-ID", first.id(), "Authorization", "Bearer shared-secret"));
          SseClient byToken = SseClient.open(b.http("/api/events/?token=" + token
              + "&last_event_id=" + first.id()), NO_HEADERS)) {
        for (SseClient resumed : new SseClient[] {byHeader, byToken}) {
          assertThat(resumed.status()).isEqualTo(200);
          resumed.await("map_created", "third");
          assertThat(resumed.messages().get(0)).isEqualTo(second);
          assertThat(resumed.messages()).extracting(Message::event).doesNotContain("reset");
        }
      }
      SseClient forged = SseClient.open(
          b.http("/api/events/?token=" + token.substring(0, token.length() - 2) + "AA"),
          NO_HEADERS);
      assertThat(forged.status()).isEqualTo(401);
    }
  }

  private static TestHost host(SharedStores shared, String hostId) {
    return TestHost.start(b -> b.store(shared.open(), shared.kind()).hostId(hostId));
  }

  private static TestHost host(SharedStores shared, String hostId, String adminToken) {
    return TestHost.start(b -> b.store(shared.open(), shared.kind()).hostId(hostId)
        .adminToken(adminToken));
  }
}
