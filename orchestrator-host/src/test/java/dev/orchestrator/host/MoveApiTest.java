package dev.orchestrator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.Command;
import dev.orchestrator.core.protocol.Hello;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.protocol.JobFailed;
import dev.orchestrator.core.protocol.Welcome;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/map/{id}/move/} and {@code POST /api/server/{id}/evacuate/} over HTTP. */
class MoveApiTest {
  private final TestHost host = TestHost.start();

  @AfterEach
  void stop() {
    host.close();
  }

  private WsClient connect(String serverId) {
    WsClient client = WsClient.connect(host.ws(serverId));
    client.await(Welcome.class);
    return client;
  }

  private static JsonNode accepted(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return TestHost.json(response);
  }

  private static void assertError(HttpResponse<String> response, int status, String code,
      String field) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode body = TestHost.json(response);
    assertThat(body.get("error").asText()).isEqualTo(code);
    assertThat(body.get("message").asText()).isNotBlank();
    assertThat(body.path("field").isNull() || body.path("field").isMissingNode()
        ? null : body.get("field").asText()).isEqualTo(field);
  }

  @Test
  void shouldMoveARunningRoundNowAndShowTheMoveInTheHistory() {
    WsClient holder = connect("a");
    host.createMap("m");
    AssignJob running = holder.await(AssignJob.class);
    WsClient target = connect("b");

    JsonNode receipt = accepted(host.post("/api/map/m/move/",
        "{\"to_server\":\"b\",\"mode\":\"now\"}"));

    assertThat(receipt.get("outcome").asText()).isEqualTo("moved");
    assertThat(receipt.get("from_server").asText()).isEqualTo("a");
    assertThat(receipt.get("revoked_job_id").asText()).isEqualTo(running.jobId());
    assertThat(receipt.get("map").get("processing_server_id").asText()).isEqualTo("b");
    Command cancel = holder.await(Command.class);
    assertThat(cancel.action()).isEqualTo("cancel_job");
    assertThat(cancel.paramsJson()).contains(running.jobId());
    AssignJob moved = target.await(AssignJob.class);
    assertThat(moved.jobId()).isEqualTo(receipt.get("job_id").asText());
    target.send(new JobDone("m", null, moved.jobId()));
    await().until(() -> TestHost.json(host.get("/api/map/m")).get("status").asText(),
        "completed"::equals);
    JsonNode history = TestHost.json(host.get("/api/map/m/history/")).get("history");
    assertThat(history).hasSize(2);
    assertThat(history.get(0).get("server_id").asText()).isEqualTo("b");
    assertThat(history.get(0).get("outcome").asText()).isEqualTo("completed");
    assertThat(history.get(1).get("server_id").asText()).isEqualTo("a");
    assertThat(history.get(1).get("outcome").asText()).isEqualTo("revoked");
    assertThat(history.get(1).get("error").asText()).isEqualTo("moved to server 'b' by an operator");
    holder.close();
    target.close();
  }

  @Test
  void shouldReserveTheNextRoundAfterTheRound() {
    WsClient holder = connect("a");
    host.createMap("m");
    AssignJob running = holder.await(AssignJob.class);
    WsClient target = connect("b");

    JsonNode receipt = accepted(host.post("/api/map/m/move",
        "{\"to_server\":\"b\",\"mode\":\"after_round\"}"));

    assertThat(receipt.get("outcome").asText()).isEqualTo("pending");
    JsonNode pending = receipt.get("map").get("pending_move");
    assertThat(pending.get("to_server").asText()).isEqualTo("b");
    assertThat(pending.get("round").asLong()).isEqualTo(1);
    holder.send(new JobDone("m", java.time.Instant.now(), running.jobId()));
    assertThat(target.await(AssignJob.class).currentRoundNumber()).isEqualTo(1);
    assertThat(TestHost.json(host.get("/api/map/m")).get("pending_move").isNull()).isTrue();
    holder.close();
    target.close();
  }

  @Test
  void shouldAnswerEveryBadMoveWithAnErrorNamingTheFieldAndChangeNothing() {
    WsClient holder = connect("a");
    host.createMap("m");
    AssignJob running = holder.await(AssignJob.class);
    connect("draining");
    accepted(host.post("/api/server/draining/drain/", ""));
    WsClient gone = connect("gone");
    gone.close();
    await().until(() -> TestHost.json(host.get("/api/server/gone")).get("status").asText(),
        "offline"::equals);
    host.createMap("broken");
    host.post("/api/map/broken/move/", "{\"to_server\":\"a\",\"mode\":\"now\"}");
    AssignJob brokenJob = holder.await(AssignJob.class, 1);
    holder.send(new JobFailed("broken", brokenJob.jobId(), "bad map", false));
    await().until(() -> TestHost.json(host.get("/api/map/broken")).get("status").asText(),
        "error"::equals);
    String before = host.get("/api/map/m").body();

    assertError(host.post("/api/map/nope/move/", "{\"to_server\":\"a\",\"mode\":\"now\"}"),
        404, "map_not_found", null);
    assertError(host.post("/api/map/m/move/", "{\"to_server\":\"ghost\",\"mode\":\"now\"}"),
        404, "server_not_found", "to_server");
    assertError(host.post("/api/map/m/move/", "{\"to_server\":\"gone\",\"mode\":\"now\"}"),
        409, "server_not_connected", "to_server");
    assertError(host.post("/api/map/m/move/",
        "{\"to_server\":\"draining\",\"mode\":\"now\"}"), 409, "target_draining", "to_server");
    assertError(host.post("/api/map/m/move/", "{\"to_server\":\"a\",\"mode\":\"now\"}"),
        409, "already_on_target", "to_server");
    assertError(host.post("/api/map/broken/move/", "{\"to_server\":\"gone\",\"mode\":\"now\"}"),
        409, "map_not_movable", "map_id");
    assertError(host.post("/api/map/m/move/", "{\"to_server\":\"b\",\"mode\":\"later\"}"),
        400, "invalid_field", "mode");
    assertError(host.post("/api/map/m/move/", "{\"mode\":\"now\"}"),
        400, "missing_field", "to_server");
    assertError(host.post("/api/map/m/move/", "{\"to_server\":\"b\"}"),
        400, "missing_field", "mode");
    assertError(host.post("/api/map/m/move/", "{\"to_server\":7,\"mode\":\"now\"}"),
        400, "invalid_field", "to_server");
    assertError(host.post("/api/server/ghost/evacuate/", "{\"mode\":\"now\"}"),
        404, "server_not_found", null);
    assertError(host.post("/api/server/a/evacuate/", "{\"to_server\":\"a\",\"mode\":\"now\"}"),
        409, "already_on_target", "to_server");
    assertError(host.post("/api/server/a/evacuate/", ""), 400, "missing_field", "mode");
    assertError(host.post("/api/command/",
        "{\"server_id\":\"a\",\"action\":\"orchestrator:adopt_job\"}"),
        400, "invalid_field", "action");

    assertThat(host.get("/api/map/m").body()).isEqualTo(before);
    assertThat(holder.received().stream().filter(Command.class::isInstance)).isEmpty();
    assertThat(running.mapId()).isEqualTo("m");
    assertThat(TestHost.json(host.get("/api/server/a")).get("draining").asBoolean()).isFalse();
    holder.close();
  }

  @Test
  void shouldEvacuateAServerToATargetOrBackToTheSchedule() {
    WsClient source = connect("a");
    source.send(new Hello("10.0.0.1", 3, Map.of(), "test"));
    await().until(() -> TestHost.json(host.get("/api/server/a")).get("capacity").asInt() == 3);
    host.createMap("m1");
    host.createMap("m2");
    host.createMap("m3");
    source.await(AssignJob.class, 2);
    WsClient target = connect("b");
    target.send(new Hello("10.0.0.2", 3, Map.of(), "test"));
    await().until(() -> TestHost.json(host.get("/api/server/b")).get("capacity").asInt() == 3);
    accepted(host.post("/api/map/m3/move/", "{\"to_server\":\"b\",\"mode\":\"now\"}"));
    target.await(AssignJob.class);

    JsonNode evacuated = accepted(host.post("/api/server/a/evacuate/",
        "{\"to_server\":\"b\",\"mode\":\"now\"}"));

    assertThat(evacuated.get("count").asInt()).isEqualTo(2);
    assertThat(evacuated.get("moves").get(0).get("map_id").asText()).isEqualTo("m1");
    assertThat(evacuated.get("moves").get(1).get("outcome").asText()).isEqualTo("moved");
    target.await(AssignJob.class, 2);
    assertThat(TestHost.json(host.get("/api/server/a")).get("draining").asBoolean()).isTrue();

    JsonNode requeued = accepted(host.post("/api/server/b/evacuate/", "{\"mode\":\"now\"}"));

    assertThat(requeued.get("moves")).hasSize(3);
    assertThat(requeued.get("moves").get(0).get("outcome").asText()).isEqualTo("requeued");
    await().until(() -> TestHost.json(host.get("/api/queue")).get("by_status").get("queued")
        .asInt() == 3);
    source.close();
    target.close();
  }
}
