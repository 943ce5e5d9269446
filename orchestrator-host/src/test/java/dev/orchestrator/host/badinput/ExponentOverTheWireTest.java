package dev.orchestrator.host.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.core.protocol.ProtocolError;
import dev.orchestrator.core.protocol.Welcome;
import dev.orchestrator.host.TestHost;
import dev.orchestrator.host.WsClient;
import org.junit.jupiter.api.Test;

/** A number with an exponent beyond int range is invalid_json over the wire too. */
class ExponentOverTheWireTest {

  @Test
  void shouldAnswerExponentBeyondIntRangeWithInvalidJson() {
    try (TestHost host = TestHost.start()) {
      WsClient client = WsClient.connect(host.ws("exponent"));
      client.await(Welcome.class);
      client.send("{\"type\":\"hello\",\"capacity\":1e-9999999999999999}");
      ProtocolError error = client.await(ProtocolError.class);
      assertThat(error.code().wireName()).isEqualTo("invalid_json");
      client.close();
    }
  }
}
