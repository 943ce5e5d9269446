package dev.orchestrator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.core.contract.ExternalService;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.Command;
import dev.orchestrator.core.protocol.Hello;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.protocol.ProtocolError;
import dev.orchestrator.core.protocol.ProtocolErrorCode;
import dev.orchestrator.core.protocol.Welcome;
import dev.orchestrator.jdbc.JdbcStore;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Moves across two hosts sharing one PostgreSQL schema: the admin call lands on one host, the
 * target is attached to the other, and the old holder may be on either.
 */
class TwoHostMoveTest {
  private static final String BASE = "jdbc:postgresql://127.0.0.1:5432/test";
  private String schema;
  private TestHost hostA;
  private TestHost hostB;

  @BeforeEach
  void startTwoHosts() throws SQLException {
    ExternalService.require(
        "PostgreSQL", "127.0.0.1", 5432, "pg_ctlcluster --skip-systemctl-redirect 15 main start");
    schema = "moves_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    sql("CREATE SCHEMA " + schema);
    hostA = start("host-a");
    hostB = start("host-b");
  }

  private TestHost start(String hostId) {
    JdbcStore store = JdbcStore.builder()
        .jdbcUrl(BASE + "?currentSchema=" + schema)
        .user("postgres")
        .createSchemaIfMissing(true)
        .maximumPoolSize(4)
        .build();
    return TestHost.start(b -> b.store(store, "postgres").hostId(hostId)
        .customize(o -> o.clock(store.databaseClock()).sweepInterval(Duration.ofMillis(50))
            .retryBackoff(Duration.ZERO, Duration.ZERO)));
  }

  @AfterEach
  void stop() throws SQLException {
    if (hostA != null) {
      hostA.close();
    }
    if (hostB != null) {
      hostB.close();
    }
    if (schema != null) {
      sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  private static void sql(String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection(BASE, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private static WsClient connect(TestHost host, String serverId, int capacity) {
    WsClient client = WsClient.connect(host.ws(serverId));
    client.await(Welcome.class);
    client.send(new Hello("127.0.0.1", capacity, Map.of(), "test"));
    await().until(() -> TestHost.json(host.get("/api/server/" + serverId)).get("capacity")
        .asInt() == capacity);
    return client;
  }

  private static JsonNode accepted(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return TestHost.json(response);
  }

  @Test
  void shouldMoveNowAndAfterTheRoundToATargetAttachedToTheOtherHost() {
    WsClient holder = connect(hostA, "a", 2);
    hostA.createMap("m1");
    hostA.createMap("m2");
    AssignJob first = holder.await(AssignJob.class);
    AssignJob second = holder.await(AssignJob.class, 1);
    AssignJob m1 = first.mapId().equals("m1") ? first : second;
    AssignJob m2 = first.mapId().equals("m1") ? second : first;
    WsClient target = connect(hostB, "b", 2);

    // Now, asked on host A: the target on host B is handed the round through the store.
    JsonNode moved = accepted(hostA.post("/api/map/m1/move/",
        "{\"to_server\":\"b\",\"mode\":\"now\"}"));
    AssignJob restarted = target.await(AssignJob.class);
    assertThat(restarted.mapId()).isEqualTo("m1");
    assertThat(restarted.jobId()).isEqualTo(moved.get("job_id").asText());
    Command cancel = holder.await(Command.class);
    assertThat(cancel.action()).isEqualTo("cancel_job");
    assertThat(cancel.paramsJson()).contains(m1.jobId());
    holder.send(new JobDone("m1", null, m1.jobId()));
    assertThat(holder.await(ProtocolError.class).code()).isEqualTo(ProtocolErrorCode.STALE_JOB);

    // After the round, asked on host B: host A's server finishes, host B's takes the next.
    JsonNode pending = accepted(hostB.post("/api/map/m2/move/",
        "{\"to_server\":\"b\",\"mode\":\"after_round\"}"));
    assertThat(pending.get("outcome").asText()).isEqualTo("pending");
    holder.send(new JobDone("m2", Instant.now().plusSeconds(1), m2.jobId()));
    AssignJob nextRound = target.await(AssignJob.class, 1);
    assertThat(nextRound.mapId()).isEqualTo("m2");
    assertThat(nextRound.currentRoundNumber()).isEqualTo(1);
    assertThat(holder.received().stream().filter(AssignJob.class::isInstance)).hasSize(2);

    target.send(new JobDone("m1", null, restarted.jobId()));
    await().until(() -> TestHost.json(hostA.get("/api/map/m1")).get("status").asText(),
        "completed"::equals);
    JsonNode history = TestHost.json(hostB.get("/api/map/m1/history/")).get("history");
    assertThat(history).hasSize(2);
    assertThat(history.get(0).get("server_id").asText()).isEqualTo("b");
    assertThat(history.get(0).get("outcome").asText()).isEqualTo("completed");
    assertThat(history.get(1).get("outcome").asText()).isEqualTo("revoked");
    assertThat(history.get(1).get("error").asText()).contains("'b'");
    holder.close();
    target.close();
  }

  @Test
  void shouldEvacuateAServerOnTheOtherHost() {
    WsClient source = connect(hostA, "a", 1);
    hostA.createMap("m1");
    AssignJob running = source.await(AssignJob.class);
    WsClient target = connect(hostB, "b", 1);

    JsonNode evacuated = accepted(hostB.post("/api/server/a/evacuate/",
        "{\"to_server\":\"b\",\"mode\":\"now\"}"));

    assertThat(evacuated.get("moves").get(0).get("outcome").asText()).isEqualTo("moved");
    assertThat(target.await(AssignJob.class).mapId()).isEqualTo("m1");
    assertThat(source.await(Command.class).action()).isIn("drain", "cancel_job");
    assertThat(source.await(Command.class, 1).action()).isIn("drain", "cancel_job");
    await().until(() -> TestHost.json(hostA.get("/api/server/a")).get("draining").asBoolean());
    assertThat(running.mapId()).isEqualTo("m1");
    source.close();
    target.close();
  }
}
