package dev.orchestrator.host.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.host.TestHost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * {@code --allowed-origin} also guards the game-server WebSocket: a page in a browser (which
 * always sends {@code Origin}) may only open one from a listed origin, while game servers, which
 * send no {@code Origin}, connect as before.
 */
class WebSocketOriginTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldRefuseAHandshakeFromAnOriginNotListedWith403() {
    try (TestHost host = TestHost.start(b -> b.allowedOrigin("https://ops.example.com"))) {
      for (String origin : new String[] {"https://evil.example", "null",
          "http://ops.example.com", "https://ops.example.com:444"}) {
        assertThat(handshakeStatus(host.ws("browser-1"), origin)).as(origin).isEqualTo(403);
      }
      assertThat(host.metric("orchestrator_ws_handshakes_refused_total{status=\"403\"}"))
          .isEqualTo(4.0);
      assertThat(TestHost.json(host.get("/api/servers/")).get("servers")).isEmpty();
    }
  }

  @Test
  void shouldAcceptNativeClientsWithoutOriginAndListedOrigins() {
    try (TestHost host = TestHost.start(b -> b.allowedOrigin("https://ops.example.com"))) {
      assertThat(handshakeStatus(host.ws("native-1"), null)).isEqualTo(101);
      assertThat(handshakeStatus(host.ws("browser-1"), "HTTPS://Ops.Example.com/"))
          .isEqualTo(101);
    }
  }

  @Test
  void shouldAcceptEveryOriginWhenNoneIsListed() {
    try (TestHost host = TestHost.start()) {
      assertThat(handshakeStatus(host.ws("browser-1"), "https://evil.example")).isEqualTo(101);
    }
  }

  /** 101 if the WebSocket opened (it is closed again at once), else the refusal's status. */
  private int handshakeStatus(URI uri, String origin) {
    WebSocket.Builder builder = http.newWebSocketBuilder();
    if (origin != null) {
      builder.header("Origin", origin);
    }
    try {
      WebSocket socket = builder.buildAsync(uri, new WebSocket.Listener() { }).join();
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
      return 101;
    } catch (CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        return refused.getResponse().statusCode();
      }
      throw e;
    }
  }
}
