package dev.orchestrator.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Decoding must answer every input with a message or a ProtocolException, and quickly. */
class HostileInputTest {
  private final ProtocolCodec codec = new ProtocolCodec();

  static Stream<Arguments> hostileFrames() {
    return Stream.of(
        Arguments.of("null reference", null, ProtocolErrorCode.INVALID_JSON),
        Arguments.of("empty", "", ProtocolErrorCode.INVALID_JSON),
        Arguments.of("whitespace", " \t\r\n ", ProtocolErrorCode.INVALID_JSON),
        Arguments.of("JSON null", "null", ProtocolErrorCode.INVALID_JSON),
        Arguments.of("array", "[{\"type\":\"heartbeat\"}]", ProtocolErrorCode.INVALID_JSON),
        Arguments.of("string", "\"heartbeat\"", ProtocolErrorCode.INVALID_JSON),
        Arguments.of("number", "42", ProtocolErrorCode.INVALID_JSON),
        Arguments.of("boolean", "true", ProtocolErrorCode.INVALID_JSON),
        Arguments.of("two objects", "{\"type\":\"heartbeat\"}{}", ProtocolErrorCode.INVALID_JSON),
        Arguments.of(
            "trailing garbage", "{\"type\":\"heartbeat\"} x", ProtocolErrorCode.INVALID_JSON),
        Arguments.of(
            "duplicate key",
            "{\"type\":\"heartbeat\",\"type\":\"hello\"}",
            ProtocolErrorCode.INVALID_JSON),
        Arguments.of("single quotes", "{'type':'heartbeat'}", ProtocolErrorCode.INVALID_JSON),
        Arguments.of("comment", "{/*c*/\"type\":\"heartbeat\"}", ProtocolErrorCode.INVALID_JSON),
        Arguments.of(
            "NaN", "{\"type\":\"heartbeat\",\"cpu_usage\":NaN}", ProtocolErrorCode.INVALID_JSON),
        Arguments.of(
            "Infinity",
            "{\"type\":\"heartbeat\",\"cpu_usage\":Infinity}",
            ProtocolErrorCode.INVALID_JSON),
        Arguments.of(
            "leading zero",
            "{\"type\":\"heartbeat\",\"cpu_usage\":012}",
            ProtocolErrorCode.INVALID_JSON),
        Arguments.of(
            "huge exponent",
            "{\"type\":\"heartbeat\",\"cpu_usage\":1e999999}",
            ProtocolErrorCode.INVALID_FIELD),
        Arguments.of(
            "huge negative exponent in integer field",
            "{\"type\":\"hello\",\"capacity\":1e-999999}",
            ProtocolErrorCode.INVALID_FIELD),
        Arguments.of(
            "huge exponent in integer field",
            "{\"type\":\"hello\",\"capacity\":1e999999}",
            ProtocolErrorCode.INVALID_FIELD),
        Arguments.of(
            "very long number",
            "{\"type\":\"hello\",\"capacity\":" + "9".repeat(5000) + "}",
            ProtocolErrorCode.INVALID_JSON),
        Arguments.of(
            "10,000-deep arrays",
            "{\"type\":\"heartbeat\",\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}",
            ProtocolErrorCode.INVALID_JSON),
        Arguments.of(
            "10,000-deep objects",
            "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000),
            ProtocolErrorCode.INVALID_JSON),
        Arguments.of(
            "unterminated deep nesting", "[".repeat(100_000), ProtocolErrorCode.INVALID_JSON),
        Arguments.of("lone surrogate escape", "{\"type\":\"error\",\"message\":\"\\ud800\"}", null),
        Arguments.of("lone surrogate char", "{\"type\":\"error\",\"message\":\"\ud800x\"}", null),
        Arguments.of(
            "lone surrogate as type", "{\"type\":\"\udc00\"}", ProtocolErrorCode.UNKNOWN_TYPE),
        Arguments.of(
            "bad escape",
            "{\"type\":\"error\",\"message\":\"\\x\"}",
            ProtocolErrorCode.INVALID_JSON),
        Arguments.of(
            "control char in string",
            "{\"type\":\"error\",\"message\":\"a\u0001b\"}",
            ProtocolErrorCode.INVALID_JSON),
        Arguments.of("NUL byte", "\u0000", ProtocolErrorCode.INVALID_JSON),
        Arguments.of(
            "BOM then object", "\uFEFF{\"type\":\"heartbeat\"}", ProtocolErrorCode.INVALID_JSON),
        Arguments.of(
            "string where number belongs",
            "{\"type\":\"progress\",\"map_id\":\"m\",\"percent\":\"50\"}",
            ProtocolErrorCode.INVALID_FIELD),
        Arguments.of(
            "number where string belongs",
            "{\"type\":\"progress\",\"map_id\":1,\"percent\":50}",
            ProtocolErrorCode.INVALID_FIELD),
        Arguments.of(
            "NaN as string",
            "{\"type\":\"heartbeat\",\"cpu_usage\":\"NaN\"}",
            ProtocolErrorCode.INVALID_FIELD),
        Arguments.of(
            "object as type",
            "{\"type\":{\"type\":\"heartbeat\"}}",
            ProtocolErrorCode.INVALID_FIELD),
        Arguments.of(
            "array as type", "{\"type\":[\"heartbeat\"]}", ProtocolErrorCode.INVALID_FIELD),
        Arguments.of("empty type", "{\"type\":\"\"}", ProtocolErrorCode.UNKNOWN_TYPE),
        Arguments.of(
            "type in other case", "{\"type\":\"HEARTBEAT\"}", ProtocolErrorCode.UNKNOWN_TYPE),
        Arguments.of(
            "huge time year",
            "{\"type\":\"job_done\",\"map_id\":\"m\",\"next_round_time\":\"+999999999-12-31T23:59:59Z\"}",
            null),
        Arguments.of(
            "time beyond Instant",
            "{\"type\":\"job_done\",\"map_id\":\"m\",\"next_round_time\":\"+9999999999-12-31T23:59:59Z\"}",
            ProtocolErrorCode.INVALID_FIELD),
        Arguments.of(
            "huge label count", "{\"type\":\"hello\",\"labels\":{" + manyLabels() + "}}", null));
  }

  private static String manyLabels() {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      labels.add("\"k" + i + "\":" + i);
    }
    return String.join(",", labels);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileFrames")
  @Timeout(5)
  void shouldAnswerHostileClientFrameWithProtocolExceptionOrMessage(
      String name, String frame, ProtocolErrorCode expected) {
    if (expected == null) {
      assertThat(codec.decodeClient(frame)).isNotNull();
    } else {
      assertThatThrownBy(() -> codec.decodeClient(frame))
          .isExactlyInstanceOf(ProtocolException.class)
          .extracting(e -> ((ProtocolException) e).code())
          .isEqualTo(expected);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileFrames")
  @Timeout(5)
  void shouldAnswerHostileHostFrameOnlyWithProtocolExceptionOrMessage(
      String name, String frame, ProtocolErrorCode ignored) {
    assertOnlyProtocolException(() -> codec.decodeHost(frame));
  }

  @Test
  @Timeout(30)
  void shouldAnswerRandomlyMutatedFramesOnlyWithProtocolExceptionOrMessage() {
    List<String> seeds = new ArrayList<>();
    ProtocolCodecRoundTripTest.clientMessages().map(codec::encode).forEach(seeds::add);
    ProtocolCodecRoundTripTest.hostMessages().map(codec::encode).forEach(seeds::add);
    String alphabet = "{}[]\":,0123456789.eE+-tnfaluxyz \\\ud800";
    Random random = new Random(20251218);

    for (int i = 0; i < 20_000; i++) {
      StringBuilder frame = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
      int edits = 1 + random.nextInt(4);
      for (int edit = 0; edit < edits && frame.length() > 0; edit++) {
        int at = random.nextInt(frame.length());
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0 -> frame.setCharAt(at, c);
          case 1 -> frame.insert(at, c);
          default -> frame.deleteCharAt(at);
        }
      }
      String mutated = frame.toString();
      assertOnlyProtocolException(() -> codec.decodeClient(mutated));
      assertOnlyProtocolException(() -> codec.decodeHost(mutated));
    }
  }

  @Test
  void shouldRejectDeepNestingFastAsInvalidJson() {
    String frame =
        "{\"type\":\"heartbeat\",\"x\":" + "[".repeat(1_000_000) + "]".repeat(1_000_000) + "}";
    long start = System.nanoTime();

    assertThatThrownBy(() -> codec.decodeClient(frame))
        .isInstanceOf(ProtocolException.class)
        .extracting(e -> ((ProtocolException) e).code())
        .isEqualTo(ProtocolErrorCode.INVALID_JSON);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  private static void assertOnlyProtocolException(Runnable decode) {
    try {
      decode.run();
    } catch (ProtocolException expected) {
      assertThat(expected.code()).isNotNull();
      assertThat(expected.getMessage()).isNotBlank();
    }
  }
}
