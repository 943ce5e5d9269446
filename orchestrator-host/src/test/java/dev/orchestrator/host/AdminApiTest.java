package dev.orchestrator.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.Command;
import dev.orchestrator.core.protocol.Welcome;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdminApiTest {
  private final TestHost host = TestHost.start();

  @AfterEach
  void stop() {
    host.close();
  }

  private static void assertError(HttpResponse<String> response, int status, String code,
      String field) {
    assertThat(response.statusCode()).isEqualTo(status);
    JsonNode body = TestHost.json(response);
    assertThat(body.get("error").asText()).isEqualTo(code);
    assertThat(body.get("message").asText()).isNotBlank();
    if (field != null) {
      assertThat(body.get("field").asText()).isEqualTo(field);
    }
  }

  @Test
  void shouldCreateAMapWithSeasonIdAsNumberOrStringAndRefuseADuplicate() {
    HttpResponse<String> created = host.post("/api/map/create",
        "{\"map_id\":\"a\",\"season_id\":7,\"priority\":3,\"labels\":{\"region\":\"eu\"},"
            + "\"map_config\":{\"size\":1.50},\"next_round_time\":\"2030-01-01T00:00:00+02:00\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode map = TestHost.json(created);
    assertThat(map.get("season_id").asText()).isEqualTo("7");
    assertThat(map.get("next_round_time").asText()).isEqualTo("2029-12-31T22:00:00Z");
    assertThat(created.body()).contains("\"map_config\":{\"size\":1.50}");
    assertThat(host.post("/api/map/create/", "{\"map_id\":\"b\",\"season_id\":\"s-1\"}")
        .statusCode()).isEqualTo(201);
    assertError(host.post("/api/map/create/", "{\"map_id\":\"a\",\"season_id\":1}"),
        409, "map_exists", "map_id");
    assertThat(created.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  @Test
  void shouldAnswerValidationErrorsWithCodeAndField() {
    assertError(host.post("/api/map/create/", "{\"map_id\": "), 400, "invalid_json", null);
    assertError(host.post("/api/map/create/", "{\"season_id\":1}"), 400, "missing_field",
        "map_id");
    assertError(host.post("/api/map/create/", "{\"map_id\":\"x\",\"season_id\":true}"), 400,
        "invalid_field", "season_id");
    assertError(host.post("/api/map/create/",
        "{\"map_id\":\"x\",\"season_id\":1,\"next_round_time\":\"tomorrow\"}"), 400,
        "invalid_field", "next_round_time");
    assertError(host.get("/api/maps?limit=0"), 400, "invalid_field", "limit");
    assertError(host.get("/api/maps?status=sleeping"), 400, "invalid_field", "status");
  }

  @Test
  void shouldAnswer404405413And415() {
    assertError(host.get("/api/map/nope/"), 404, "map_not_found", null);
    assertError(host.delete("/api/map/nope"), 404, "map_not_found", null);
    assertError(host.get("/api/server/nope"), 404, "server_not_found", null);
    assertError(host.get("/api/unknown"), 404, "not_found", null);
    HttpResponse<String> wrongMethod = host.delete("/api/maps/");
    assertError(wrongMethod, 405, "method_not_allowed", null);
    assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");
    assertError(host.post("/api/map/create/",
        "{\"map_id\":\"" + "x".repeat(1024 * 1024) + "\"}"), 413, "payload_too_large", null);
    assertError(host.send(host.request("/api/map/create/")
        .header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("map_id=x"))), 415,
        "unsupported_media_type", null);
  }

  @Test
  void shouldListDeleteAndRetryMaps() {
    host.createMap("m1");
    host.createMap("m2");
    host.createMap("m3");
    JsonNode page = TestHost.json(host.get("/api/maps/?limit=2"));
    assertThat(page.get("maps")).hasSize(2);
    JsonNode rest = TestHost.json(host.get("/api/maps?limit=2&cursor="
        + page.get("next_cursor").asText()));
    assertThat(rest.get("maps").get(0).get("map_id").asText()).isEqualTo("m3");
    assertThat(TestHost.json(host.get("/api/maps?status=queued&season_id=1")).get("count")
        .asInt()).isEqualTo(3);
    assertThat(host.delete("/api/map/m3/").statusCode()).isEqualTo(200);
    assertError(host.post("/api/map/m1/retry/", ""), 409, "illegal_transition", null);
    assertError(host.post("/api/map/zzz/retry", ""), 404, "map_not_found", null);
  }

  @Test
  void shouldApplyResultsLikeJobDone() {
    WsClient server = WsClient.connect(host.ws("s1"));
    server.await(Welcome.class);
    host.createMap("m");
    AssignJob job = server.await(AssignJob.class);

    assertError(host.post("/api/result/", "{\"map_id\":\"m\",\"server_id\":\"other\","
        + "\"next_round_time\":null}"), 409, "stale_job", null);
    assertError(host.post("/api/result/", "{\"map_id\":\"ghost\",\"server_id\":\"s1\"}"),
        404, "map_not_found", null);
    HttpResponse<String> applied = host.post("/api/result", "{\"map_id\":\"m\","
        + "\"server_id\":\"s1\",\"job_id\":\"" + job.jobId() + "\",\"next_round_time\":null}");
    assertThat(applied.statusCode()).isEqualTo(200);
    assertThat(TestHost.json(applied).get("outcome").asText()).isEqualTo("applied");
    assertThat(TestHost.json(applied).get("map").get("status").asText()).isEqualTo("completed");
    server.close();
  }

  @Test
  void shouldSendCommandsAndDrainToConnectedServersOnly() {
    WsClient server = WsClient.connect(host.ws("s1"));
    server.await(Welcome.class);
    HttpResponse<String> sent = host.post("/api/command/",
        "{\"server_id\":\"s1\",\"action\":\"restart\",\"params\":{\"in\":5}}");
    assertThat(sent.statusCode()).isEqualTo(202);
    Command command = server.await(Command.class);
    assertThat(command.action()).isEqualTo("restart");
    assertThat(host.post("/api/server/s1/drain/", "").statusCode()).isEqualTo(202);
    assertThat(server.await(Command.class, 1).action()).isEqualTo("drain");
    assertThat(TestHost.json(host.get("/api/server/s1")).get("draining").asBoolean()).isTrue();
    assertError(host.post("/api/command/", "{\"server_id\":\"ghost\",\"action\":\"x\"}"), 404,
        "server_not_found", null);
    server.close();
    server.awaitCloseCode();
    org.awaitility.Awaitility.await().until(
        () -> TestHost.json(host.get("/api/server/s1")).get("status").asText(), "offline"::equals);
    assertError(host.post("/api/command/", "{\"server_id\":\"s1\",\"action\":\"x\"}"), 409,
        "server_not_connected", null);
  }

  @Test
  void shouldReportServersQueueAndReadiness() {
    WsClient server = WsClient.connect(host.ws("unity_192_168_1_100"));
    server.await(Welcome.class);
    host.createMap("m");
    server.await(AssignJob.class);
    JsonNode servers = TestHost.json(host.get("/api/servers/?status=busy"));
    assertThat(servers.get("servers").get(0).get("server_id").asText())
        .isEqualTo("unity_192_168_1_100");
    JsonNode detail = servers.get("servers").get(0);
    for (String field : new String[] {"server_ip", "last_heartbeat", "idle_cpu_usage",
        "idle_ram_usage", "max_cpu_usage", "max_ram_usage", "disk_usage", "current_task",
        "total_assigned_map", "total_completed_map", "total_failed_map", "connected_at",
        "disconnected_at", "metrics", "labels", "capacity", "draining"}) {
      assertThat(detail.has(field)).as(field).isTrue();
    }
    assertThat(detail.get("current_task").asText()).isEqualTo("m");
    JsonNode queue = TestHost.json(host.get("/api/queue/"));
    assertThat(queue.get("leased").asInt()).isEqualTo(1);
    assertThat(queue.get("server_load").get("unity_192_168_1_100").asInt()).isEqualTo(1);
    assertThat(TestHost.json(host.get("/readyz")).get("status").asText()).isEqualTo("ready");
    server.close();
  }
}
