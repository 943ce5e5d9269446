package dev.orchestrator.core.protocol.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.core.protocol.ClientMessage;
import dev.orchestrator.core.protocol.ProtocolCodec;
import dev.orchestrator.core.protocol.ProtocolErrorCode;
import dev.orchestrator.core.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of {@link ProtocolCodec#decodeClient(String)} checked on seeded random cases (fixed
 * seeds, so every run checks the same cases and a failure names the case to replay).
 *
 * <p>{@code HostileInputTest} mutates valid frames byte by byte; these properties instead generate
 * whole messages and whole frames: round trips of every client type, arbitrary text, wrong JSON
 * types in every field, and unknown fields around valid messages.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientCodecPropertiesTest {
  private static final int CASES = 2_000;
  private static final long SEED = 0x5EED_0001L;

  private final ProtocolCodec codec = new ProtocolCodec();
  private final ObjectMapper mapper = new ObjectMapper();

  static Stream<String> clientTypes() {
    return Gen.CLIENT_MESSAGES.keySet().stream().sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clientTypes")
  void shouldDecodeEveryEncodedMessageToAnEqualMessage(String type) throws Exception {
    Function<Random, ClientMessage> generator = Gen.CLIENT_MESSAGES.get(type);
    Random random = new Random(SEED ^ type.hashCode());
    for (int i = 0; i < CASES; i++) {
      ClientMessage message = generator.apply(random);
      String frame = codec.encode(message);
      ClientMessage decoded;
      try {
        decoded = codec.decodeClient(frame);
      } catch (ProtocolException e) {
        throw new AssertionError("case " + i + ": " + frame + " failed with " + e.code(), e);
      }
      assertThat(decoded).as("case %d: %s", i, frame).isEqualTo(message);
      assertThat(mapper.readTree(codec.encode(decoded)))
          .as("case %d re-encoded", i)
          .isEqualTo(mapper.readTree(frame));
    }
  }

  @Test
  void shouldAnswerArbitraryTextOnlyWithMessageOrCodedProtocolException() {
    Random random = new Random(SEED + 1);
    for (int i = 0; i < 10 * CASES; i++) {
      String frame = arbitraryFrame(random);
      assertDecodesOrProtocolException(i, frame);
    }
  }

  @Test
  void shouldAnswerArbitraryJsonObjectsOnlyWithMessageOrCodedProtocolException() {
    Random random = new Random(SEED + 2);
    List<String> types = new ArrayList<>(Gen.CLIENT_MESSAGES.keySet());
    for (int i = 0; i < 10 * CASES; i++) {
      ObjectNode frame = Gen.NODES.objectNode();
      frame.set("type", random.nextInt(5) == 0 ? Gen.jsonValue(random, 2)
          : Gen.NODES.textNode(Gen.pick(random, types)));
      int fields = random.nextInt(6);
      for (int f = 0; f < fields; f++) {
        String name = random.nextBoolean() ? Gen.pick(random, Gen.KNOWN_FIELDS) : Gen.text(random, 8);
        frame.set(name, Gen.jsonValue(random, 3));
      }
      assertDecodesOrProtocolException(i, frame.toString());
    }
  }

  @Test
  void shouldAnswerNestingAroundTheDepthLimitOnlyWithMessageOrCodedProtocolException() {
    Random random = new Random(SEED + 3);
    for (int i = 0; i < CASES; i++) {
      int depth = 55 + random.nextInt(20);
      String open = random.nextBoolean() ? "[" : "{\"k\":";
      String close = open.equals("[") ? "]" : "}";
      String field = Gen.pick(random, Gen.KNOWN_FIELDS);
      String frame =
          "{\"type\":\"heartbeat\",\""
              + field
              + "\":"
              + open.repeat(depth)
              + "1"
              + close.repeat(random.nextInt(5) == 0 ? depth - 1 : depth)
              + "}";
      assertDecodesOrProtocolException(i, frame);
    }
  }

  static Stream<Object[]> typedFields() {
    return Stream.of(
        new Object[] {"hello", "server_ip", Kind.STRING},
        new Object[] {"hello", "capacity", Kind.INT},
        new Object[] {"hello", "labels", Kind.LABELS},
        new Object[] {"hello", "version", Kind.STRING},
        new Object[] {"heartbeat", "cpu_usage", Kind.NUMBER},
        new Object[] {"heartbeat", "ram_usage", Kind.NUMBER},
        new Object[] {"heartbeat", "disk_usage", Kind.NUMBER},
        new Object[] {"heartbeat", "metrics", Kind.METRICS},
        new Object[] {"status_update", "status", Kind.STRING},
        new Object[] {"job_done", "map_id", Kind.STRING},
        new Object[] {"job_done", "next_round_time", Kind.TIME},
        new Object[] {"job_done", "job_id", Kind.STRING},
        new Object[] {"job_failed", "map_id", Kind.STRING},
        new Object[] {"job_failed", "job_id", Kind.STRING},
        new Object[] {"job_failed", "message", Kind.STRING},
        new Object[] {"job_failed", "retryable", Kind.BOOLEAN},
        new Object[] {"error", "message", Kind.STRING},
        new Object[] {"error", "map_id", Kind.STRING},
        new Object[] {"progress", "map_id", Kind.STRING},
        new Object[] {"progress", "job_id", Kind.STRING},
        new Object[] {"progress", "percent", Kind.NUMBER},
        new Object[] {"disconnect", "reason", Kind.STRING});
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("typedFields")
  void shouldRefuseAWrongJsonTypeInAFieldAsInvalidFieldNamingIt(
      String type, String field, Kind kind) throws Exception {
    Random random = new Random(SEED ^ (type + field).hashCode());
    for (int i = 0; i < CASES / 2; i++) {
      ObjectNode frame =
          (ObjectNode) mapper.readTree(codec.encode(Gen.CLIENT_MESSAGES.get(type).apply(random)));
      JsonNode wrong = kind.wrongValue(random);
      frame.set(field, wrong);
      String text = frame.toString();
      try {
        ClientMessage decoded = codec.decodeClient(text);
        fail("case %d: %s decoded to %s", i, text, decoded);
      } catch (ProtocolException e) {
        assertThat(e.code()).as("case %d: %s", i, text).isEqualTo(ProtocolErrorCode.INVALID_FIELD);
        assertThat(e.field()).as("case %d: %s", i, text).isEqualTo(field);
        assertThat(e.refType()).as("case %d: %s", i, text).isEqualTo(type);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clientTypes")
  void shouldIgnoreRandomUnknownFieldsAroundAValidMessage(String type) throws Exception {
    Random random = new Random(SEED ^ ~type.hashCode());
    for (int i = 0; i < CASES; i++) {
      ClientMessage message = Gen.CLIENT_MESSAGES.get(type).apply(random);
      ObjectNode encoded = (ObjectNode) mapper.readTree(codec.encode(message));
      List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(encoded.properties());
      int extra = 1 + random.nextInt(8);
      for (int f = 0; f < extra; f++) {
        String name = unknownName(random);
        if (entries.stream().noneMatch(e -> e.getKey().equals(name))) {
          entries.add(Map.entry(name, Gen.jsonValue(random, 4)));
        }
      }
      Collections.shuffle(entries, random);
      ObjectNode frame = Gen.NODES.objectNode();
      entries.forEach(e -> frame.set(e.getKey(), e.getValue()));
      String text = frame.toString();
      ClientMessage decoded;
      try {
        decoded = codec.decodeClient(text);
      } catch (ProtocolException e) {
        throw new AssertionError("case " + i + ": " + text + " failed with " + e.code(), e);
      }
      assertThat(decoded).as("case %d: %s", i, text).isEqualTo(message);
    }
  }

  private static String unknownName(Random random) {
    String name;
    do {
      name =
          switch (random.nextInt(4)) {
            case 0 -> Gen.pick(random, Gen.KNOWN_FIELDS) + "_x";
            case 1 -> Gen.pick(random, Gen.KNOWN_FIELDS).toUpperCase(java.util.Locale.ROOT);
            case 2 -> "";
            default -> Gen.text(random, 12);
          };
    } while (Gen.KNOWN_FIELDS.contains(name));
    return name;
  }

  private void assertDecodesOrProtocolException(int index, String frame) {
    try {
      ClientMessage decoded = codec.decodeClient(frame);
      assertThat(decoded).as("case %d", index).isNotNull();
    } catch (ProtocolException e) {
      assertThat(e.code()).as("case %d: %s", index, clip(frame)).isNotNull();
      assertThat(codec.encode(e.toMessage())).as("case %d error frame", index).isNotBlank();
    } catch (RuntimeException | Error e) {
      throw new AssertionError("case " + index + " threw " + e + " for " + clip(frame), e);
    }
  }

  /** Arbitrary text, JSON-ish fragments, huge numbers and broken nesting, mixed at random. */
  private static String arbitraryFrame(Random random) {
    return switch (random.nextInt(7)) {
      case 0 -> Gen.text(random, 200);
      case 1 -> "{\"type\":\"" + Gen.text(random, 20) + "\"," + Gen.text(random, 100);
      case 2 -> "{\"type\":\"heartbeat\",\"cpu_usage\":" + hugeNumber(random) + "}";
      case 3 -> "{\"type\":\"hello\",\"capacity\":" + hugeNumber(random) + "}";
      case 4 -> "{\"type\":\"progress\",\"map_id\":\"m\",\"percent\":" + hugeNumber(random) + "}";
      case 5 -> {
        StringBuilder out = new StringBuilder();
        int n = random.nextInt(200);
        for (int i = 0; i < n; i++) {
          out.append(Gen.pick(random, new String[] {"{", "}", "[", "]", ":", ",", "\"", "\\u",
              "\\ud800", "1", "-", "e", "true", "null", "\"type\"", "\"heartbeat\""}));
        }
        yield out.toString();
      }
      default -> Gen.jsonValue(random, 5).toString();
    };
  }

  /**
   * Long mantissas (past the 100-character limit too) and exponents up to nine digits, which
   * BigDecimal can represent.
   */
  private static String hugeNumber(Random random) {
    String digits = "9".repeat(1 + random.nextInt(150));
    return switch (random.nextInt(4)) {
      case 0 -> digits;
      case 1 -> "-" + digits + "." + digits;
      case 2 -> "1e" + (random.nextBoolean() ? "" : "-") + "9".repeat(1 + random.nextInt(9));
      default -> "0." + "0".repeat(random.nextInt(120)) + "1";
    };
  }

  private static String clip(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }

  /** The JSON type a field expects, and values of every other type. */
  enum Kind {
    STRING,
    INT,
    NUMBER,
    BOOLEAN,
    LABELS,
    METRICS,
    TIME;

    JsonNode wrongValue(Random random) {
      List<JsonNode> options = new ArrayList<>();
      options.add(Gen.NODES.arrayNode().add(Gen.jsonValue(random, 1)));
      if (this != LABELS && this != METRICS) {
        ObjectNode object = Gen.NODES.objectNode();
        object.set("v", Gen.jsonValue(random, 1));
        options.add(object);
      }
      if (this != BOOLEAN && this != TIME) {
        options.add(Gen.NODES.booleanNode(random.nextBoolean()));
      } else {
        options.add(Gen.NODES.numberNode(random.nextInt()));
      }
      switch (this) {
        case STRING -> {
          options.add(Gen.number(random));
          options.add(Gen.NODES.booleanNode(random.nextBoolean()));
        }
        case INT -> {
          options.add(Gen.NODES.textNode(Integer.toString(1 + random.nextInt(5))));
          options.add(Gen.NODES.numberNode(1.5 + random.nextInt(5)));
          options.add(Gen.NODES.numberNode(new java.math.BigDecimal("1E" + (10 + random.nextInt(300)))));
        }
        case NUMBER, BOOLEAN -> options.add(Gen.NODES.textNode(Gen.text(random, 10)));
        case LABELS -> {
          options.add(Gen.NODES.textNode(Gen.text(random, 10)));
          options.add(Gen.NODES.objectNode().set("k", Gen.NODES.arrayNode()));
          options.add(Gen.NODES.objectNode().set("k", Gen.NODES.objectNode()));
        }
        case METRICS -> {
          options.add(Gen.number(random));
          options.add(Gen.NODES.objectNode().put("k", Gen.text(random, 5)));
          options.add(Gen.NODES.objectNode().put("k", true));
        }
        default -> {
          options.add(Gen.NODES.textNode("not a time " + Gen.text(random, 10)));
          options.add(Gen.NODES.textNode("2025-13-40T99:00:00Z"));
        }
      }
      return options.get(random.nextInt(options.size()));
    }
  }
}
