package dev.orchestrator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.orchestrator.core.protocol.Welcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenAuthTest {
  private final TestHost host = TestHost.start(b -> b.serverToken("game-secret")
      .serverToken("second-secret").adminToken("admin-secret"));

  @AfterEach
  void stop() {
    host.close();
  }

  private int handshakeStatus(URI uri, String authorization) {
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    Throwable failure = catchThrowable(
        () -> builder.buildAsync(uri, new WebSocket.Listener() { }).get());
    assertThat(failure).isInstanceOf(ExecutionException.class);
    assertThat(failure.getCause()).isInstanceOf(WebSocketHandshakeException.class);
    return ((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode();
  }

  @Test
  void shouldRefuseGameServersWithoutOrWithAWrongTokenWith401() {
    assertThat(handshakeStatus(host.ws("s1"), null)).isEqualTo(401);
    assertThat(handshakeStatus(host.ws("s1"), "Bearer nope")).isEqualTo(401);
    assertThat(handshakeStatus(URI.create(host.ws("s1") + "?token=nope"), null)).isEqualTo(401);
    assertThat(host.get("/api/servers").statusCode()).isEqualTo(401);
    assertThat(host.host().orchestrator().findServer("s1")).isEmpty();
  }

  @Test
  void shouldAcceptAGameServerTokenInTheHeaderOrTheQuery() {
    WsClient byHeader = WsClient.connect(host.ws("s1"),
        Map.of("Authorization", "Bearer game-secret"));
    WsClient byQuery = WsClient.connect(URI.create(host.ws("s2") + "?token=second-secret"));
    assertThat(byHeader.await(Welcome.class).serverId()).isEqualTo("s1");
    assertThat(byQuery.await(Welcome.class).serverId()).isEqualTo("s2");
    byHeader.close();
    byQuery.close();
  }

  @Test
  void shouldRefuseBadPathsAndServerIds() {
    assertThat(handshakeStatus(URI.create("ws://127.0.0.1:" + host.host().wsPort()
        + "/elsewhere/"), "Bearer game-secret")).isEqualTo(404);
    assertThat(handshakeStatus(host.ws("bad%20id"), "Bearer game-secret")).isEqualTo(400);
  }

  @Test
  void shouldRequireTheAdminTokenOnTheApiButNotOnProbes() {
    assertThat(host.get("/api/maps/").statusCode()).isEqualTo(401);
    assertThat(TestHost.json(host.get("/api/maps/")).get("error").asText())
        .isEqualTo("unauthorized");
    host.withAdminToken("wrong");
    assertThat(host.get("/api/maps/").statusCode()).isEqualTo(401);
    assertThat(host.get("/healthz").statusCode()).isEqualTo(200);
    assertThat(host.get("/readyz").statusCode()).isEqualTo(200);
    assertThat(host.get("/metrics").statusCode()).isEqualTo(200);
    host.withAdminToken("admin-secret");
    assertThat(host.get("/api/maps/").statusCode()).isEqualTo(200);
  }
}
