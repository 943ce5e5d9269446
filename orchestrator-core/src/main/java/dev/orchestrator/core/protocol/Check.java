package dev.orchestrator.core.protocol;

import java.util.Map;

/** Validation shared by the message records; every failure names the wire field. */
final class Check {
  static final int MAX_ID_LENGTH = 256;
  static final int MIN_CAPACITY = 1;
  static final int MAX_CAPACITY = 1024;

  /** Longest piece of client-supplied text echoed back in an error message. */
  private static final int MAX_ECHO = 64;

  private Check() {}

  static <T> T notNull(String field, T value) {
    if (value == null) {
      throw new InvalidFieldException(field, field + " must not be null");
    }
    return value;
  }

  static String id(String field, String value) {
    notNull(field, value);
    if (value.isBlank() || value.length() > MAX_ID_LENGTH) {
      throw new InvalidFieldException(
          field,
          field
              + " must be a non-blank string of at most "
              + MAX_ID_LENGTH
              + " characters, got "
              + quote(value));
    }
    return value;
  }

  static final int MAX_SERVER_ID_LENGTH = 128;

  /** Server ids appear in URLs and logs, so they keep to the URL-safe set of PROTOCOL.md. */
  static String serverId(String field, String value) {
    notNull(field, value);
    boolean valid = !value.isEmpty() && value.length() <= MAX_SERVER_ID_LENGTH;
    for (int i = 0; valid && i < value.length(); i++) {
      char c = value.charAt(i);
      valid =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '.'
              || c == ':'
              || c == '-';
    }
    if (!valid) {
      throw new InvalidFieldException(
          field,
          field
              + " must be 1 to "
              + MAX_SERVER_ID_LENGTH
              + " characters of A-Z a-z 0-9 _ . : -, got "
              + quote(value));
    }
    return value;
  }

  static String optionalId(String field, String value) {
    return value == null ? null : id(field, value);
  }

  static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  static int intRange(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new InvalidFieldException(
          field, field + " must be an integer from " + min + " to " + max + ", got " + value);
    }
    return value;
  }

  static long atLeast(String field, long value, long min) {
    if (value < min) {
      throw new InvalidFieldException(
          field, field + " must be an integer of at least " + min + ", got " + value);
    }
    return value;
  }

  static double percent(String field, double value) {
    // Written as a negated range test so NaN fails too.
    if (!(value >= 0.0 && value <= 100.0)) {
      throw new InvalidFieldException(
          field, field + " must be a number from 0 to 100, got " + number(value));
    }
    return value;
  }

  static Double optionalPercent(String field, Double value) {
    return value == null ? null : percent(field, value);
  }

  static Map<String, String> labels(String field, Map<String, String> labels) {
    return labels == null ? Map.of() : copyWithoutNulls(field, labels);
  }

  static Map<String, Double> metrics(String field, Map<String, Double> metrics) {
    if (metrics == null) {
      return Map.of();
    }
    // Checks the copy, not the argument, so a caller's concurrent map cannot change in between.
    Map<String, Double> copy = copyWithoutNulls(field, metrics);
    for (Map.Entry<String, Double> entry : copy.entrySet()) {
      if (!Double.isFinite(entry.getValue())) {
        throw new InvalidFieldException(
            field,
            field
                + " must map names to finite numbers, got "
                + number(entry.getValue())
                + " for "
                + quote(entry.getKey()));
      }
    }
    return copy;
  }

  private static <V> Map<String, V> copyWithoutNulls(String field, Map<String, V> map) {
    try {
      return Map.copyOf(map);
    } catch (NullPointerException e) {
      throw new InvalidFieldException(field, field + " must not contain null keys or values");
    }
  }

  /** Formats a number the way a JSON writer would show it: integral values without ".0". */
  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  /** Quotes client-supplied text for an error message, cut short so errors stay small. */
  static String quote(String value) {
    return value == null ? "null" : "'" + clip(value) + "'";
  }

  /** Cuts client-supplied text short so an error message cannot echo a whole frame back. */
  static String clip(String value) {
    return value.length() > MAX_ECHO ? value.substring(0, MAX_ECHO) + "..." : value;
  }
}
