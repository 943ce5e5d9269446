package dev.orchestrator.host.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.core.protocol.Ack;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.protocol.ProtocolError;
import dev.orchestrator.core.protocol.ProtocolErrorCode;
import dev.orchestrator.host.TestHost;
import dev.orchestrator.host.WsClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A game server whose clock is hours off writes its {@code next_round_time} on that clock. The
 * orchestrator cannot tell skew from intent (the protocol carries no client timestamp to
 * compare, and heartbeats are judged by when they arrive): a time in the past makes the map due
 * at once, a time in the future is kept as sent, and one more than 366 days ahead is refused
 * with {@code invalid_field} naming {@code next_round_time}, leaving the lease as it was.
 */
class ClientClockTest {
  private final TestHost host = TestHost.start();
  private final WsClient server = WsClient.connect(host.ws("skewed-1"));

  @AfterEach
  void stop() {
    server.close();
    host.close();
  }

  @Test
  void shouldRunTheNextRoundAtOnceWhenTheClientClockIsHoursBehind() {
    host.createMap("behind");
    AssignJob first = server.await(AssignJob.class, 0);
    Instant clientNow = Instant.now().minus(Duration.ofHours(3));

    server.send(new JobDone("behind", clientNow.plus(Duration.ofMinutes(10)), first.jobId()));

    assertThat(server.await(Ack.class).jobId()).isEqualTo(first.jobId());
    AssignJob second = server.await(AssignJob.class, 1);
    assertThat(second.currentRoundNumber()).isEqualTo(1);
  }

  @Test
  void shouldKeepAFutureTimeAsSentWhenTheClientClockIsHoursAhead() {
    host.createMap("ahead");
    AssignJob first = server.await(AssignJob.class, 0);
    Instant next = Instant.now().plus(Duration.ofHours(3)).plus(Duration.ofMinutes(10));

    server.send(new JobDone("ahead", next, first.jobId()));

    assertThat(server.await(Ack.class).jobId()).isEqualTo(first.jobId());
    JsonNode map = TestHost.json(host.get("/api/map/ahead/"));
    assertThat(map.get("status").asText()).isEqualTo("queued");
    assertThat(Instant.parse(map.get("next_round_time").asText())).isEqualTo(next);
  }

  @Test
  void shouldRefuseANextRoundTimeYearsAheadAndLeaveTheLeaseAsItWas() {
    host.createMap("years");
    AssignJob job = server.await(AssignJob.class, 0);
    long version = TestHost.json(host.get("/api/map/years/")).get("version").asLong();

    server.send(new JobDone("years", Instant.now().plus(Duration.ofDays(800)), job.jobId()));

    ProtocolError error = server.await(ProtocolError.class);
    assertThat(error.code()).isEqualTo(ProtocolErrorCode.INVALID_FIELD);
    assertThat(error.refType()).isEqualTo("job_done");
    assertThat(error.message()).startsWith("next_round_time ").contains("366 days");
    JsonNode map = TestHost.json(host.get("/api/map/years/"));
    assertThat(map.get("status").asText()).isEqualTo("processing");
    assertThat(map.get("job_id").asText()).isEqualTo(job.jobId());
    assertThat(map.get("version").asLong()).isEqualTo(version);

    server.send(new JobDone("years", Instant.now().plus(Duration.ofDays(365)), job.jobId()));
    assertThat(server.await(Ack.class).jobId()).isEqualTo(job.jobId());
  }

  @Test
  void shouldRefuseTheSameThroughTheAdminResultCall() {
    host.createMap("admin-years");
    AssignJob job = server.await(AssignJob.class, 0);

    HttpResponse<String> refused = host.post("/api/result/", "{\"map_id\":\"admin-years\","
        + "\"server_id\":\"skewed-1\",\"job_id\":\"" + job.jobId() + "\","
        + "\"next_round_time\":\"2999-01-01T00:00:00Z\"}");

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(TestHost.json(refused).get("error").asText()).isEqualTo("invalid_field");
    assertThat(TestHost.json(refused).get("field").asText()).isEqualTo("next_round_time");
    assertThat(TestHost.json(host.get("/api/map/admin-years/")).get("job_id").asText())
        .isEqualTo(job.jobId());
  }
}
