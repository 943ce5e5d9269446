package dev.orchestrator.host.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.Heartbeat;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.protocol.JobFailed;
import dev.orchestrator.core.protocol.Welcome;
import dev.orchestrator.core.testing.SettableClock;
import dev.orchestrator.host.TestHost;
import dev.orchestrator.host.WsClient;
import dev.orchestrator.host.dashboard.SseClient.Message;
import dev.orchestrator.host.internal.dashboard.EventStreamSettings;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class EventStreamTest {
  private static final Map<String, String> NO_HEADERS = Map.of();

  @Test
  void shouldStreamAJobLifecycleWithIncreasingIdsAndMapVersions() {
    try (TestHost host = TestHost.start();
        SseClient stream = SseClient.open(host.http("/api/events/"), NO_HEADERS)) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
      WsClient server = WsClient.connect(host.ws("s1"));
      server.await(Welcome.class);
      host.createMap("m");
      AssignJob job = server.await(AssignJob.class);
      server.send(new JobDone("m", null, job.jobId()));

      Message connected = stream.await(m -> m.event().equals("server_connected"));
      Message created = stream.await("map_created", "m");
      Message assigned = stream.await("job_assigned", "m");
      Message completed = stream.await("job_completed", "m");
      assertThat(connected.json().get("server_id").asText()).isEqualTo("s1");
      assertThat(connected.json().get("map_version").isNull()).isTrue();
      assertThat(assigned.json().get("server_id").asText()).isEqualTo("s1");
      assertThat(assigned.json().get("job_id").asText()).isEqualTo(job.jobId());
      assertThat(completed.json().get("job_id").asText()).isEqualTo(job.jobId());
      assertThat(completed.json().get("details").get("status").asText())
          .isEqualTo("completed");
      assertThat(created.json().get("map_version").asLong())
          .isLessThan(assigned.json().get("map_version").asLong());
      assertThat(assigned.json().get("map_version").asLong())
          .isLessThan(completed.json().get("map_version").asLong());
      List<Message> all = stream.messages();
      for (int i = 1; i < all.size(); i++) {
        assertThat(all.get(i).idNumber()).isGreaterThan(all.get(i - 1).idNumber());
      }
      for (Message message : all) {
        assertThat(message.json().get("type").asText()).isEqualTo(message.event());
        assertThat(message.json().get("id").asLong()).isEqualTo(message.idNumber());
      }
      server.close();
    }
  }

  @Test
  void shouldCoalesceHeartbeatsAndStillDeliverTheLatestMetrics() {
    try (TestHost host = TestHost.start();
        SseClient stream = SseClient.open(host.http("/api/events/"), NO_HEADERS)) {
      WsClient server = WsClient.connect(host.ws("s1"));
      server.await(Welcome.class);
      for (int cpu = 10; cpu <= 50; cpu += 10) {
        server.send(new Heartbeat((double) cpu, 20.0, 30.0, Map.of()));
      }
      Message latest = stream.await(m -> m.event().equals("server_heartbeat")
          && m.json().get("details").path("cpu_usage").asDouble() == 50.0);
      assertThat(latest.json().get("details").get("ram_usage").asDouble()).isEqualTo(20.0);
      assertThat(stream.messages().stream()
          .filter(m -> m.event().equals("server_heartbeat")).count()).isLessThanOrEqualTo(2);
      server.close();
    }
  }

  @Test
  void shouldResumeAfterLastEventIdFromHeaderOrQuery() {
    try (TestHost host = TestHost.start();
        SseClient first = SseClient.open(host.http("/api/events/"), NO_HEADERS)) {
      host.createMap("a");
      host.createMap("b");
      host.createMap("c");
      Message a = first.await("map_created", "a");
      first.await("map_created", "c");

      try (SseClient byHeader = SseClient.open(host.http("/api/events/"),
              Map.of("Last-Event-ID", a.id()));
          SseClient byQuery = SseClient.open(
              host.http("/api/events/?last_event_id=" + a.id()), NO_HEADERS)) {
        for (SseClient resumed : List.of(byHeader, byQuery)) {
          resumed.await("map_created", "c");
          assertThat(resumed.messages()).extracting(m -> m.json().get("map_id").asText())
              .startsWith("b", "c");
          assertThat(resumed.messages().get(0).idNumber()).isEqualTo(a.idNumber() + 1);
        }
      }
    }
  }

  @Test
  void shouldSendResetToAClientFurtherBehindThanTheBufferOrFromAnotherRun() {
    EventStreamSettings settings = EventStreamSettings.defaults().withBufferSize(4);
    try (StreamStack stack = new StreamStack(settings, List.of());
        SseClient live = SseClient.open(stack.http("/api/events/"), NO_HEADERS)) {
      // One at a time, so this reader never falls out of the tiny buffer itself.
      for (int i = 0; i < 10; i++) {
        stack.createMap("m" + i);
        live.await("map_created", "m" + i);
      }
      Message first = live.await("map_created", "m0");
      Message last = live.await("map_created", "m9");

      try (SseClient behind = SseClient.open(stack.http("/api/events/"),
              Map.of("Last-Event-ID", first.id()));
          SseClient otherRun = SseClient.open(stack.http("/api/events/"),
              Map.of("Last-Event-ID", String.valueOf(last.idNumber() + 1000)));
          SseClient withinBuffer = SseClient.open(stack.http("/api/events/"),
              Map.of("Last-Event-ID", String.valueOf(last.idNumber() - 2)))) {
        for (SseClient reset : List.of(behind, otherRun)) {
          Message message = reset.await(m -> true);
          assertThat(message.event()).isEqualTo("reset");
          assertThat(message.idNumber()).isEqualTo(last.idNumber());
          assertThat(message.json().get("latest_id").asLong()).isEqualTo(last.idNumber());
        }
        withinBuffer.await("map_created", "m9");
        assertThat(withinBuffer.messages()).extracting(Message::event)
            .doesNotContain("reset");
        stack.createMap("after");
        behind.await("map_created", "after");
        otherRun.await("map_created", "after");
      }
    }
  }

  @Test
  void shouldRefuseWithoutOrWithAWrongTokenAndAcceptTheAdminTokenOrAQueryToken() {
    try (TestHost host = TestHost.start(b -> b.adminToken("s3cret"))) {
      SseClient none = SseClient.open(host.http("/api/events/"), NO_HEADERS);
      assertThat(none.status()).isEqualTo(401);
      assertThat(none.error().get("error").asText()).isEqualTo("unauthorized");
      assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
      SseClient wrong = SseClient.open(host.http("/api/events/"),
          Map.of("Authorization", "Bearer nope"));
      assertThat(wrong.status()).isEqualTo(401);
      SseClient wrongQuery = SseClient.open(host.http("/api/events/?token=nope"), NO_HEADERS);
      assertThat(wrongQuery.status()).isEqualTo(401);
      assertThat(wrongQuery.error().get("message").asText()).contains("expired");
      assertThat(host.post("/api/events/token/", "").statusCode()).isEqualTo(401);

      try (SseClient bearer = SseClient.open(host.http("/api/events/"),
          Map.of("Authorization", "Bearer s3cret"))) {
        assertThat(bearer.status()).isEqualTo(200);
      }
      host.withAdminToken("s3cret");
      HttpResponse<String> issued = host.post("/api/events/token/", "");
      assertThat(issued.statusCode()).isEqualTo(200);
      JsonNode token = TestHost.json(issued);
      assertThat(token.get("expires_in_s").asInt()).isEqualTo(60);
      try (SseClient byQuery = SseClient.open(
          host.http("/api/events/?token=" + token.get("token").asText()), NO_HEADERS)) {
        assertThat(byQuery.status()).isEqualTo(200);
        host.createMap("visible");
        byQuery.await("map_created", "visible");
      }
      assertThat(host.send(host.request("/api/events/token/").GET()).statusCode())
          .isEqualTo(405);
      assertThat(host.send(HttpRequest.newBuilder(host.http("/api/events/summary/")))
          .statusCode()).isEqualTo(401);
    }
  }

  @Test
  void shouldExpireQueryTokens() {
    SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
    EventStreamSettings settings = EventStreamSettings.defaults().withClock(clock);
    try (StreamStack stack = new StreamStack(settings, List.of("admin"))) {
      HttpResponse<String> issued = post(stack, "/api/events/token/", "admin");
      String token = TestHost.json(issued).get("token").asText();
      try (SseClient fresh = SseClient.open(stack.http("/api/events/?token=" + token),
          NO_HEADERS)) {
        assertThat(fresh.status()).isEqualTo(200);
      }
      clock.advance(Duration.ofSeconds(59));
      try (SseClient stillFresh = SseClient.open(stack.http("/api/events/?token=" + token),
          NO_HEADERS)) {
        assertThat(stillFresh.status()).isEqualTo(200);
      }
      clock.advance(Duration.ofSeconds(1));
      SseClient expired = SseClient.open(stack.http("/api/events/?token=" + token), NO_HEADERS);
      assertThat(expired.status()).isEqualTo(401);
      assertThat(expired.error().get("message").asText()).contains("expired");
    }
  }

  @Test
  void shouldSendKeepAliveCommentsOnAQuietStream() {
    EventStreamSettings settings =
        EventStreamSettings.defaults().withKeepAlive(Duration.ofMillis(300));
    try (StreamStack stack = new StreamStack(settings, List.of());
        SseClient quiet = SseClient.open(stack.http("/api/events/"), NO_HEADERS)) {
      Awaitility.await().atMost(Duration.ofSeconds(5))
          .until(() -> quiet.comments().contains("keep-alive"));
    }
  }

  @Test
  void shouldServeASummaryWithOutcomesPerMinuteAndRunningJobs() {
    try (TestHost host = TestHost.start()) {
      WsClient server = WsClient.connect(host.ws("s1"));
      server.await(Welcome.class);
      host.createMap("ok");
      AssignJob first = server.await(AssignJob.class);
      server.send(new JobDone("ok", null, first.jobId()));
      host.createMap("bad");
      AssignJob second = server.await(AssignJob.class, 1);
      server.send(new JobFailed("bad", second.jobId(), "boom", false));
      host.createMap("running");
      AssignJob third = server.await(AssignJob.class, 2);

      JsonNode summary = Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> TestHost.json(host.get("/api/events/summary/")),
              s -> s.get("recent").size() == 2);
      assertThat(summary.get("minutes")).hasSize(60);
      long completed = 0;
      long failed = 0;
      for (JsonNode minute : summary.get("minutes")) {
        completed += minute.get("completed").asLong();
        failed += minute.get("failed").asLong();
      }
      assertThat(completed).isEqualTo(1);
      assertThat(failed).isEqualTo(1);
      assertThat(summary.get("recent").get(0).get("type").asText()).isEqualTo("job_failed");
      assertThat(summary.get("recent").get(0).get("details").get("error").asText())
          .isEqualTo("boom");
      assertThat(summary.get("jobs")).hasSize(1);
      assertThat(summary.get("jobs").get(0).get("job_id").asText()).isEqualTo(third.jobId());
      assertThat(summary.get("latest_id").asLong()).isPositive();
      server.close();
    }
  }

  private static HttpResponse<String> post(StreamStack stack, String path, String token) {
    try {
      return java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(stack.http(path))
          .header("Authorization", "Bearer " + token)
          .POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
