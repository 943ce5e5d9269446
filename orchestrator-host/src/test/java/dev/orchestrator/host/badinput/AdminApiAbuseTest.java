package dev.orchestrator.host.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.host.TestHost;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile admin calls: broken bodies, wrong content types, huge bodies, wrong field types, path
 * traversal, and every endpoint without or with a wrong token. One host with an admin token serves
 * all cases.
 */
class AdminApiAbuseTest {
  private static final String TOKEN = "admin-secret-token";
  private static TestHost host;

  /** Every route of AdminServer's table and EventStream, with a path that matches it. */
  static Stream<Arguments> apiEndpoints() {
    return Stream.of(
        Arguments.of("POST", "/api/map/create/"),
        Arguments.of("GET", "/api/maps/"),
        Arguments.of("POST", "/api/map/m1/retry/"),
        Arguments.of("GET", "/api/map/m1/history/"),
        Arguments.of("GET", "/api/map/m1/"),
        Arguments.of("DELETE", "/api/map/m1/"),
        Arguments.of("POST", "/api/result/"),
        Arguments.of("GET", "/api/servers/"),
        Arguments.of("POST", "/api/server/s1/drain/"),
        Arguments.of("GET", "/api/server/s1/"),
        Arguments.of("POST", "/api/command/"),
        Arguments.of("GET", "/api/queue/"),
        Arguments.of("GET", "/api/events/"),
        Arguments.of("POST", "/api/events/token/"),
        Arguments.of("GET", "/api/events/summary/"),
        Arguments.of("GET", "/api/no-such-endpoint/"));
  }

  @BeforeAll
  static void startHost() {
    host = TestHost.start(b -> b.adminToken(TOKEN)).withAdminToken(TOKEN);
    assertThat(host.createMap("m1").get("map_id").asText()).isEqualTo("m1");
  }

  @AfterAll
  static void stopHost() {
    host.close();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("apiEndpoints")
  void shouldRefuseEveryApiCallWithoutTokenOrWithWrongToken(String method, String path) {
    for (String authorization : new String[] {null, "Bearer wrong-token", "Bearer ",
        "Basic " + TOKEN, "Bearer " + TOKEN + "x", TOKEN}) {
      HttpRequest.Builder request = HttpRequest.newBuilder(host.http(path))
          .header("Content-Type", "application/json")
          .method(method, "POST".equals(method)
              ? HttpRequest.BodyPublishers.ofString("{\"map_id\":\"x\",\"season_id\":1}")
              : HttpRequest.BodyPublishers.noBody());
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      HttpResponse<String> response = host.send(request);
      assertThat(response.statusCode()).as("%s %s with %s", method, path, authorization)
          .isEqualTo(401);
      assertThat(response.body()).doesNotContain(TOKEN);
    }
    assertThat(host.get("/api/map/m1/").statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/healthz", "/readyz", "/metrics", "/healthz/"})
  void shouldKeepOperationalEndpointsOpenWithoutToken(String path) {
    HttpResponse<String> response = host.send(HttpRequest.newBuilder(host.http(path)).GET());
    assertThat(response.statusCode()).isEqualTo(200);
  }

  static Stream<Arguments> badBodies() {
    return Stream.of(
        Arguments.of("truncated", "{\"map_id\":\"a\",", 400, "invalid_json", null),
        Arguments.of("not an object", "[1,2,3]", 400, "invalid_json", null),
        Arguments.of("string", "\"map\"", 400, "invalid_json", null),
        Arguments.of("trailing garbage", "{\"map_id\":\"a\",\"season_id\":1}}", 400,
            "invalid_json", null),
        Arguments.of("deep nesting", "[".repeat(100_000), 400, "invalid_json", null),
        Arguments.of("missing map_id", "{\"season_id\":1}", 400, "missing_field", "map_id"),
        Arguments.of("missing season_id", "{\"map_id\":\"a\"}", 400, "missing_field",
            "season_id"),
        Arguments.of("null map_id", "{\"map_id\":null,\"season_id\":1}", 400, "missing_field",
            "map_id"),
        Arguments.of("numeric map_id", "{\"map_id\":5,\"season_id\":1}", 400, "invalid_field",
            "map_id"),
        Arguments.of("object map_id", "{\"map_id\":{},\"season_id\":1}", 400, "invalid_field",
            "map_id"),
        Arguments.of("array season_id", "{\"map_id\":\"a\",\"season_id\":[1]}", 400,
            "invalid_field", "season_id"),
        Arguments.of("text priority", "{\"map_id\":\"a\",\"season_id\":1,\"priority\":\"hi\"}",
            400, "invalid_field", "priority"),
        Arguments.of("fractional priority",
            "{\"map_id\":\"a\",\"season_id\":1,\"priority\":1.5}", 400, "invalid_field",
            "priority"),
        Arguments.of("huge priority",
            "{\"map_id\":\"a\",\"season_id\":1,\"priority\":1e400}", 400, "invalid_field",
            "priority"),
        Arguments.of("labels as list", "{\"map_id\":\"a\",\"season_id\":1,\"labels\":[\"x\"]}",
            400, "invalid_field", "labels"),
        Arguments.of("map_config as text",
            "{\"map_id\":\"a\",\"season_id\":1,\"map_config\":\"{}\"}", 400, "invalid_field",
            "map_config"),
        Arguments.of("bad next_round_time",
            "{\"map_id\":\"a\",\"season_id\":1,\"next_round_time\":\"yesterday\"}", 400,
            "invalid_field", "next_round_time"),
        Arguments.of("round number as text",
            "{\"map_id\":\"a\",\"season_id\":1,\"current_round_number\":\"3\"}", 400,
            "invalid_field", "current_round_number"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBodies")
  void shouldAnswerBadCreateBodiesWith400NamingTheField(String name, String body, int status,
      String error, String field) {
    HttpResponse<String> response = host.post("/api/map/create/", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode json = TestHost.json(response);
    assertThat(json.get("error").asText()).as(response.body()).isEqualTo(error);
    if (field != null) {
      assertThat(json.get("field").asText()).as(response.body()).isEqualTo(field);
    }
    assertThat(host.get("/api/map/a/").statusCode()).isEqualTo(404);
  }

  @Test
  void shouldIgnoreUnknownFields() {
    HttpResponse<String> response = host.post("/api/map/create/",
        "{\"map_id\":\"unknown-fields\",\"season_id\":1,\"colour\":\"blue\","
            + "\"nested\":{\"a\":[1,2,{\"b\":null}]},\"MAP_ID\":\"other\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    assertThat(TestHost.json(response).get("map_id").asText()).isEqualTo("unknown-fields");
    assertThat(response.body()).doesNotContain("colour");
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "text/html",
      "multipart/form-data; boundary=x", "application/xml"})
  void shouldAnswerNonJsonContentTypeWith415(String contentType) {
    HttpResponse<String> response = host.send(host.request("/api/map/create/")
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString("{\"map_id\":\"ct\",\"season_id\":1}")));
    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(TestHost.json(response).get("error").asText()).isEqualTo("unsupported_media_type");
    assertThat(host.get("/api/map/ct/").statusCode()).isEqualTo(404);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/map/create/", "/api/result/", "/api/command/"})
  void shouldAnswerBodiesOverOneMebibyteWith413(String path) {
    String body = "{\"map_id\":\"big\",\"season_id\":1,\"pad\":\"" + "x".repeat(1024 * 1024)
        + "\"}";
    HttpResponse<String> response = host.post(path, body);
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(TestHost.json(response).get("error").asText()).isEqualTo("payload_too_large");
    assertThat(host.get("/healthz").statusCode()).isEqualTo(200);
  }

  static List<String> traversalPaths() {
    return List.of(
        "/api/map/..%2F..%2Fetc%2Fpasswd/",
        "/api/map/%2e%2e/",
        "/api/map/%2e%2e%2f%2e%2e%2fetc%2fpasswd/",
        "/api/map/..%5C..%5Cwindows%5Cwin.ini/",
        "/api/map/a%2Fb/",
        "/api/map/%2F/",
        "/api/map/%00/",
        "/api/map/m1%00/",
        "/api/map/..%252F..%252Fetc%252Fpasswd/",
        "/api/map/" + "x".repeat(10_000) + "/",
        "/api/map/" + "%2e".repeat(2_000) + "/",
        "/api/server/..%2F..%2Fetc%2Fpasswd/",
        "/api/server/%2e%2e/drain/",
        "/api/map/%2e%2e/history/",
        "/dashboard/..%2F..%2Fpom.xml",
        "/dashboard/%2e%2e/%2e%2e/etc/passwd",
        "/api/../../etc/passwd",
        "/..%2F..%2Fetc%2Fpasswd");
  }

  @ParameterizedTest
  @MethodSource("traversalPaths")
  void shouldAnswerTraversalAttemptsWith400Or404WithoutLeaking(String path) {
    for (String method : new String[] {"GET", "DELETE", "POST"}) {
      HttpResponse<String> response = host.send(host.request(path)
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString("{}")));
      String shown = path.length() > 80 ? path.substring(0, 80) + "..." : path;
      assertThat(response.statusCode()).as("%s %s", method, shown).isIn(400, 404, 405);
      assertThat(response.body()).as("%s %s", method, shown)
          .doesNotContain("root:", "[fonts]", "<project", "Exception", "\tat ", "/work/")
          .hasSizeLessThan(path.length() + 1024);
      if (response.statusCode() != 405) {
        assertThat(TestHost.json(response).has("error")).isTrue();
      }
    }
    assertThat(host.get("/api/map/m1/").statusCode()).isEqualTo(200);
  }
}
