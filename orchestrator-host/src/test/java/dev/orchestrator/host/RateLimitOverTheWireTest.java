package dev.orchestrator.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.core.protocol.ProtocolError;
import dev.orchestrator.core.protocol.Welcome;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitOverTheWireTest {

  @Test
  void shouldAnswerRateLimitedThenCloseWith1008OnPersistentAbuse() {
    try (TestHost host = TestHost.start(b -> b.customize(
        o -> o.rateLimit(1, 2).strikeLimit(5, Duration.ofMinutes(1))))) {
      WsClient client = WsClient.connect(host.ws("flood"));
      client.await(Welcome.class);
      for (int i = 0; i < 20 && client.isOpen(); i++) {
        client.send("{\"type\":\"heartbeat\"}");
      }
      assertThat(client.await(ProtocolError.class).code().wireName()).isEqualTo("rate_limited");
      assertThat(client.awaitCloseCode()).isEqualTo(1008);
    }
  }
}
