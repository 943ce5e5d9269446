package dev.orchestrator.host.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.host.HostConfig;
import dev.orchestrator.host.HostMain;
import dev.orchestrator.host.TestHost;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OriginAndHeadersTest {
  private static final String ALLOWED = "https://ops.example.com:8443";
  private final TestHost host = TestHost.start(b -> b.adminToken("admin-secret")
      .allowedOrigin("HTTPS://Ops.Example.com:8443/").allowedOrigin("http://127.0.0.1:9"))
      .withAdminToken("admin-secret");

  @AfterEach
  void stop() {
    host.close();
  }

  private HttpResponse<String> get(String path, String origin) {
    HttpRequest.Builder request = host.request(path).GET();
    if (origin != null) {
      request.header("Origin", origin);
    }
    return host.send(request);
  }

  @Test
  void shouldRefuseRequestsFromOriginsNotListedWith403() {
    for (String path : new String[] {"/api/maps/", "/", "/api/events/summary/", "/healthz"}) {
      HttpResponse<String> refused = get(path, "https://evil.example");
      assertThat(refused.statusCode()).as(path).isEqualTo(403);
      assertThat(TestHost.json(refused).get("error").asText()).isEqualTo("origin_not_allowed");
      assertThat(refused.body()).doesNotContain("evil");
    }
    assertThat(get("/api/maps/", "null").statusCode()).isEqualTo(403);
    assertThat(get("/api/maps/", "https://ops.example.com").statusCode()).isEqualTo(403);
    assertThat(get("/api/maps/", "http://ops.example.com:8443").statusCode()).isEqualTo(403);
    HttpResponse<String> createdCrossSite = host.send(host.request("/api/map/create/")
        .header("Origin", "https://evil.example").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"map_id\":\"csrf\",\"season_id\":1}")));
    assertThat(createdCrossSite.statusCode()).isEqualTo(403);
    assertThat(host.get("/api/map/csrf/").statusCode()).isEqualTo(404);
    HttpResponse<String> streamToken = host.send(host.request("/api/events/token/")
        .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(streamToken.statusCode()).isEqualTo(403);
  }

  @Test
  void shouldAnswerListedOriginsAndCallsWithoutAnOrigin() {
    assertThat(get("/api/maps/", ALLOWED).statusCode()).isEqualTo(200);
    assertThat(get("/api/maps/", "https://OPS.example.com:8443").statusCode()).isEqualTo(200);
    assertThat(get("/api/maps/", "http://127.0.0.1:9").statusCode()).isEqualTo(200);
    assertThat(get("/api/maps/", null).statusCode()).isEqualTo(200);
    assertThat(get("/api/events/summary/", ALLOWED).statusCode()).isEqualTo(200);
    assertThat(get("/", ALLOWED).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldPutTheSecurityHeadersOnEveryResponse() {
    String[][] cases = {{"/", "200"}, {"/api/maps/", "200"}, {"/api/nothing", "404"},
        {"/healthz", "200"}, {"/metrics", "200"}, {"/api/events/summary/", "200"},
        {"/dashboard/app.js", "200"}};
    for (String[] c : cases) {
      HttpResponse<String> response = get(c[0], null);
      assertThat(response.statusCode()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
      assertSecurityHeaders(response.headers(), c[0]);
    }
    assertSecurityHeaders(get("/api/maps/", "https://evil.example").headers(), "403");
    HttpResponse<String> unauthorized = host.send(HttpRequest.newBuilder(host.http("/api/maps/"))
        .header("Authorization", "Bearer wrong").GET());
    assertThat(unauthorized.statusCode()).isEqualTo(401);
    assertSecurityHeaders(unauthorized.headers(), "401");

    assertThat(get("/", null).headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
        csp -> assertThat(csp).contains("default-src 'none'").contains("script-src 'self'")
            .contains("connect-src 'self'").contains("frame-ancestors 'none'"));
    assertThat(get("/api/maps/", null).headers().firstValue("Content-Security-Policy"))
        .hasValue("default-src 'none'; frame-ancestors 'none'");
  }

  @Test
  void shouldPutTheSecurityHeadersOnTheEventStream() throws Exception {
    HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(
        host.request("/api/events").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = stream.body()) {
      assertThat(stream.statusCode()).isEqualTo(200);
      assertSecurityHeaders(stream.headers(), "/api/events");
    }
  }

  private static void assertSecurityHeaders(java.net.http.HttpHeaders headers, String what) {
    assertThat(headers.firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
    assertThat(headers.firstValue("Cache-Control")).as(what).hasValue("no-store");
    assertThat(headers.firstValue("X-Frame-Options")).as(what).hasValue("DENY");
    assertThat(headers.firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
    assertThat(headers.firstValue("Content-Security-Policy")).as(what).isPresent();
  }

  @Test
  void shouldAcceptAnyOriginWhenNoneIsListed() {
    try (TestHost open = TestHost.start()) {
      HttpResponse<String> response = open.send(open.request("/api/maps/")
          .header("Origin", "https://anywhere.example").GET());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }
  }

  @Test
  void shouldRefuseMalformedOrigins() {
    for (String bad : new String[] {"ops.example.com", "https://ops.example.com/path",
        "ftp://ops.example.com", "https://ops.example.com?x=1", "https://user@ops.example.com",
        "*", ""}) {
      assertThatThrownBy(() -> HostConfig.builder().allowedOrigin(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowedOrigin");
    }
    StringWriter err = new StringWriter();
    assertThat(HostMain.run(new String[] {"serve", "--store", "memory", "--allowed-origin",
        "ops.example.com"}, Map.of(), new PrintWriter(new StringWriter(), true),
        new PrintWriter(err, true))).isEqualTo(2);
    assertThat(err.toString()).contains("--allowed-origin");
  }

  @Test
  void shouldRefuseAStreamTokenUsedFromAnotherOrigin() {
    HttpResponse<String> token = host.send(host.request("/api/events/token/")
        .header("Origin", ALLOWED).POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(token.statusCode()).isEqualTo(200);
    String value = TestHost.json(token).get("token").asText();
    HttpResponse<String> refused = host.send(
        HttpRequest.newBuilder(host.http("/api/events?token=" + value))
            .header("Origin", "https://evil.example").GET());
    assertThat(refused.statusCode()).isEqualTo(403);
  }
}
