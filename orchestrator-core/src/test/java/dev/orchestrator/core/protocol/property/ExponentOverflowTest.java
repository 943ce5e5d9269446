package dev.orchestrator.core.protocol.property;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.core.protocol.ProtocolCodec;
import dev.orchestrator.core.protocol.ProtocolErrorCode;
import dev.orchestrator.core.protocol.ProtocolException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A number whose exponent does not fit an int must be invalid_json, not a NumberFormatException. */
class ExponentOverflowTest {
  private final ProtocolCodec codec = new ProtocolCodec();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"type\":\"hello\",\"capacity\":1e-9999999999999999}",
        "{\"type\":\"heartbeat\",\"cpu_usage\":1e9999999999}",
        "{\"type\":\"heartbeat\",\"x\":[1.5e-2147483649]}",
        "{\"type\":\"progress\",\"map_id\":\"m\",\"percent\":1E+99999999999999999999}"
      })
  void shouldRefuseExponentBeyondIntRangeAsInvalidJson(String frame) {
    assertThatThrownBy(() -> codec.decodeClient(frame))
        .isInstanceOf(ProtocolException.class)
        .extracting(e -> ((ProtocolException) e).code())
        .isEqualTo(ProtocolErrorCode.INVALID_JSON);
  }
}
