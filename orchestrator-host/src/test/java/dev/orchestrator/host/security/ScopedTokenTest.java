package dev.orchestrator.host.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.orchestrator.core.protocol.Welcome;
import dev.orchestrator.host.ServerToken;
import dev.orchestrator.host.TestHost;
import dev.orchestrator.host.WsClient;
import dev.orchestrator.host.internal.TokenCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScopedTokenTest {
  private final TestHost host = TestHost.start(b -> b
      .serverToken(new ServerToken("eu-secret", "eu-"))
      .serverToken(ServerToken.parse("us-secret@us-"))
      .serverToken("any-secret"));

  @AfterEach
  void stop() {
    host.close();
  }

  private int handshakeStatus(String serverId, String token) {
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
        .header("Authorization", "Bearer " + token);
    Throwable failure = catchThrowable(
        () -> builder.buildAsync(host.ws(serverId), new WebSocket.Listener() { }).get());
    assertThat(failure).isInstanceOf(ExecutionException.class);
    assertThat(failure.getCause()).isInstanceOf(WebSocketHandshakeException.class);
    return ((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode();
  }

  @Test
  void shouldAcceptAScopedTokenOnlyForServerIdsWithItsPrefix() {
    WsClient eu = WsClient.connect(host.ws("eu-1"), Map.of("Authorization", "Bearer eu-secret"));
    WsClient us = WsClient.connect(URI.create(host.ws("us-9") + "?token=us-secret"));
    WsClient any = WsClient.connect(host.ws("us-2"), Map.of("Authorization", "Bearer any-secret"));
    assertThat(eu.await(Welcome.class).serverId()).isEqualTo("eu-1");
    assertThat(us.await(Welcome.class).serverId()).isEqualTo("us-9");
    assertThat(any.await(Welcome.class).serverId()).isEqualTo("us-2");
    eu.close();
    us.close();
    any.close();
  }

  @Test
  void shouldRefuseAScopedTokenForAnotherFleetsServerWith401LikeAWrongToken() {
    assertThat(handshakeStatus("us-1", "eu-secret")).isEqualTo(401);
    assertThat(handshakeStatus("eu", "eu-secret")).isEqualTo(401);
    assertThat(handshakeStatus("xeu-1", "eu-secret")).isEqualTo(401);
    assertThat(handshakeStatus("eu-1", "us-secret")).isEqualTo(401);
    assertThat(handshakeStatus("eu-1", "wrong")).isEqualTo(401);
    assertThat(host.host().orchestrator().findServer("us-1")).isEmpty();
    assertThat(host.host().orchestrator().findServer("eu-1")).isEmpty();
  }

  @Test
  void shouldSplitTheLineAtTheLastAtSign() {
    assertThat(ServerToken.parse("a@b@eu-")).isEqualTo(new ServerToken("a@b", "eu-"));
    assertThat(ServerToken.parse("with@")).isEqualTo(ServerToken.anyServer("with"));
    assertThat(ServerToken.parse("plain")).isEqualTo(ServerToken.anyServer("plain"));
    assertThatThrownBy(() -> ServerToken.parse("secret@eu west"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("secret@");
    assertThatThrownBy(() -> ServerToken.parse("@eu-"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new ServerToken("hidden", "eu-").toString()).doesNotContain("hidden");
  }

  @Test
  void shouldMatchScopedTokensOnlyWithAServerIdAndRefuseEmptyOnes() {
    TokenCheck check = TokenCheck.scoped(List.of(new ServerToken("t", "eu-"),
        ServerToken.anyServer("u")));
    assertThat(check.accepts("t", "eu-1")).isTrue();
    assertThat(check.accepts("t", "us-1")).isFalse();
    assertThat(check.accepts("t")).isFalse();
    assertThat(check.accepts("u")).isTrue();
    assertThat(check.accepts("", "eu-1")).isFalse();
    assertThat(check.accepts(null, "eu-1")).isFalse();
    assertThat(TokenCheck.scoped(List.of()).accepts(null, "x")).isTrue();
  }
}
