package dev.orchestrator.core.protocol.property;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.core.protocol.ClientMessage;
import dev.orchestrator.core.protocol.Disconnect;
import dev.orchestrator.core.protocol.ErrorReport;
import dev.orchestrator.core.protocol.Heartbeat;
import dev.orchestrator.core.protocol.Hello;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.protocol.JobFailed;
import dev.orchestrator.core.protocol.Progress;
import dev.orchestrator.core.protocol.ReportedStatus;
import dev.orchestrator.core.protocol.StatusUpdate;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Seeded generators for the property tests: valid client messages, arbitrary text and arbitrary
 * JSON values. Every generator takes the {@link Random} so a failing case is reproduced by its seed
 * and index.
 */
final class Gen {
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Generators of one valid message per client message type, by wire type. */
  static final Map<String, Function<Random, ClientMessage>> CLIENT_MESSAGES =
      Map.of(
          "hello", Gen::hello,
          "heartbeat", Gen::heartbeat,
          "status_update", r -> new StatusUpdate(pick(r, ReportedStatus.values())),
          "job_done", r -> new JobDone(id(r), r.nextInt(4) == 0 ? null : instant(r), optionalId(r)),
          "job_failed", r -> new JobFailed(id(r), optionalId(r), text(r, 300), r.nextBoolean()),
          "error", r -> new ErrorReport(text(r, 300), optionalId(r)),
          "progress", r -> new Progress(id(r), optionalId(r), percent(r)),
          "disconnect", r -> new Disconnect(text(r, 300)));

  /** Every field name any client message reads, plus "type". */
  static final List<String> KNOWN_FIELDS =
      List.of(
          "type",
          "server_ip",
          "capacity",
          "labels",
          "version",
          "cpu_usage",
          "ram_usage",
          "disk_usage",
          "metrics",
          "status",
          "map_id",
          "next_round_time",
          "job_id",
          "message",
          "retryable",
          "reason",
          "percent");

  private Gen() {}

  static Hello hello(Random r) {
    Map<String, String> labels = new HashMap<>();
    int n = r.nextInt(6);
    for (int i = 0; i < n; i++) {
      labels.put(text(r, 40), text(r, 80));
    }
    return new Hello(
        r.nextBoolean() ? null : text(r, 60),
        1 + r.nextInt(1024),
        labels,
        r.nextBoolean() ? null : text(r, 40));
  }

  static Heartbeat heartbeat(Random r) {
    Map<String, Double> metrics = new HashMap<>();
    int n = r.nextInt(6);
    for (int i = 0; i < n; i++) {
      metrics.put(text(r, 40), finiteDouble(r));
    }
    return new Heartbeat(optionalPercent(r), optionalPercent(r), optionalPercent(r), metrics);
  }

  static <T> T pick(Random r, T[] values) {
    return values[r.nextInt(values.length)];
  }

  static <T> T pick(Random r, List<T> values) {
    return values.get(r.nextInt(values.size()));
  }

  /** A valid id: 1 to 256 UTF-16 units, not blank, drawn from all of Unicode. */
  static String id(Random r) {
    int max = r.nextInt(10) == 0 ? 256 : 1 + r.nextInt(40);
    String text = text(r, max);
    if (text.isBlank()) {
      text = "m" + text.substring(0, Math.min(text.length(), 255));
    }
    return text;
  }

  static String optionalId(Random r) {
    return r.nextInt(3) == 0 ? null : id(r);
  }

  /**
   * Text of at most {@code maxUnits} UTF-16 units mixing ASCII, control characters, quotes and
   * backslashes, BMP letters, supplementary characters (surrogate pairs) and lone surrogates.
   */
  static String text(Random r, int maxUnits) {
    int target = r.nextInt(maxUnits + 1);
    StringBuilder out = new StringBuilder(target);
    while (out.length() < target) {
      int kind = r.nextInt(8);
      switch (kind) {
        case 0 -> out.append((char) (0x20 + r.nextInt(0x5f)));
        case 1 -> out.append((char) r.nextInt(0x20));
        case 2 -> out.append(pick(r, new Character[] {'"', '\\', '/', '\u2028', '\u0000', ' '}));
        case 3 -> out.append((char) (0xa0 + r.nextInt(0xd7ff - 0xa0)));
        case 4 -> {
          if (out.length() + 2 <= target) {
            out.appendCodePoint(0x10000 + r.nextInt(0x10ffff - 0x10000));
          }
        }
        case 5 -> out.append((char) (0xd800 + r.nextInt(0x800)));
        case 6 -> out.append((char) (0xe000 + r.nextInt(0x2000)));
        default -> out.append((char) ('a' + r.nextInt(26)));
      }
    }
    return out.toString();
  }

  /** A percentage, favouring the edges 0 and 100 and the smallest positive double. */
  static double percent(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> 0.0;
      case 1 -> 100.0;
      case 2 -> Double.MIN_VALUE;
      case 3 -> Math.nextDown(100.0);
      case 4 -> r.nextInt(101);
      default -> r.nextDouble() * 100.0;
    };
  }

  static Double optionalPercent(Random r) {
    return r.nextInt(3) == 0 ? null : percent(r);
  }

  /** A finite double other than negative zero, over the whole range and the edges. */
  static double finiteDouble(Random r) {
    double value =
        switch (r.nextInt(7)) {
          case 0 -> Double.MAX_VALUE;
          case 1 -> -Double.MAX_VALUE;
          case 2 -> Double.MIN_VALUE;
          case 3 -> Double.MIN_NORMAL;
          case 4 -> r.nextLong();
          case 5 -> Double.longBitsToDouble(r.nextLong());
          default -> (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(40) - 20);
        };
    return Double.isFinite(value) && !isNegativeZero(value) ? value : 1.5;
  }

  static boolean isNegativeZero(double value) {
    return Double.doubleToRawLongBits(value) == Double.doubleToRawLongBits(-0.0);
  }

  /** An instant from year 0000 to 9999 with any nanosecond. */
  static Instant instant(Random r) {
    long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    long second = min + (long) (r.nextDouble() * (max - min));
    int nanos = r.nextBoolean() ? 0 : r.nextInt(1_000_000_000);
    return Instant.ofEpochSecond(second, nanos);
  }

  /** Any JSON value up to the given depth: null, booleans, huge numbers, text, arrays, objects. */
  static JsonNode jsonValue(Random r, int depth) {
    int kinds = depth <= 0 ? 5 : 7;
    return switch (r.nextInt(kinds)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(r.nextBoolean());
      case 2 -> number(r);
      case 3, 4 -> NODES.textNode(text(r, 30));
      case 5 -> {
        ArrayNode array = NODES.arrayNode();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          array.add(jsonValue(r, depth - 1));
        }
        yield array;
      }
      default -> {
        ObjectNode object = NODES.objectNode();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          object.set(text(r, 10), jsonValue(r, depth - 1));
        }
        yield object;
      }
    };
  }

  /** A JSON number: small and large integers, decimals, and values beyond double's range. */
  static JsonNode number(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> NODES.numberNode(r.nextInt());
      case 1 -> NODES.numberNode(r.nextLong());
      case 2 -> NODES.numberNode(new BigInteger(300, r));
      case 3 -> NODES.numberNode(new BigDecimal(new BigInteger(200, r), r.nextInt(80) - 40));
      case 4 -> NODES.numberNode(new BigDecimal("1E" + (r.nextInt(2000) - 1000)));
      default -> NODES.numberNode(r.nextDouble() * 1000 - 500);
    };
  }
}
