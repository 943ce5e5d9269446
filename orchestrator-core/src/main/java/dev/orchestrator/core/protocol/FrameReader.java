package dev.orchestrator.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Typed, validating access to the fields of one decoded JSON object. Checks presence and JSON type
 * only; ranges and id rules belong to the records, whose {@link InvalidFieldException}s this class
 * turns into protocol errors. Not shared between threads: one instance per frame.
 */
final class FrameReader {
  private final JsonNode object;
  private final String refType;
  private final String prefix;

  /**
   * @param object the JSON object to read
   * @param refType the type of the enclosing frame, reported in errors
   * @param prefix prepended to field names in errors, "" at the top level
   */
  FrameReader(JsonNode object, String refType, String prefix) {
    this.object = object;
    this.refType = refType;
    this.prefix = prefix;
  }

  /** Returns a reader for a nested object, naming its fields {@code name.field} in errors. */
  FrameReader nested(String name, JsonNode nestedObject) {
    return new FrameReader(nestedObject, refType, prefix + name + ".");
  }

  String requiredString(String name) {
    return text(name, required(name));
  }

  String optionalString(String name) {
    JsonNode node = optional(name);
    return node == null ? null : text(name, node);
  }

  /** Reads a string, or an integral number kept as its text (some hosts send ids as numbers). */
  String requiredStringOrInteger(String name) {
    JsonNode node = required(name);
    if (node.isIntegralNumber()) {
      return node.asText();
    }
    if (!node.isTextual()) {
      throw invalid(name, "a string or an integer", node);
    }
    return node.textValue();
  }

  int requiredInt(String name) {
    return toInt(name, required(name));
  }

  int optionalInt(String name, int absent) {
    JsonNode node = optional(name);
    return node == null ? absent : toInt(name, node);
  }

  long requiredLong(String name) {
    JsonNode node = required(name);
    // Both checks: a float like 1e30 is integral but too big, 1.5 fits but is not integral.
    if (!node.isNumber() || !node.canConvertToExactIntegral() || !node.canConvertToLong()) {
      throw invalid(name, "a 64-bit integer", node);
    }
    return node.longValue();
  }

  double requiredDouble(String name) {
    return toDouble(name, required(name));
  }

  Double optionalDouble(String name) {
    JsonNode node = optional(name);
    return node == null ? null : toDouble(name, node);
  }

  boolean optionalBoolean(String name, boolean absent) {
    JsonNode node = optional(name);
    if (node == null) {
      return absent;
    }
    if (!node.isBoolean()) {
      throw invalid(name, "true or false", node);
    }
    return node.booleanValue();
  }

  Instant requiredTime(String name) {
    return toTime(name, required(name));
  }

  Instant optionalTime(String name) {
    JsonNode node = optional(name);
    return node == null ? null : toTime(name, node);
  }

  /** Returns the object under {@code name}, or null if absent or null. */
  JsonNode optionalObject(String name) {
    JsonNode node = optional(name);
    if (node != null && !node.isObject()) {
      throw invalid(name, "a JSON object", node);
    }
    return node;
  }

  /** Reads an object of labels; number and boolean values are kept as their JSON text. */
  Map<String, String> labels(String name) {
    JsonNode node = optionalObject(name);
    if (node == null) {
      return Map.of();
    }
    Map<String, String> labels = new HashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      JsonNode value = entry.getValue();
      if (!value.isTextual() && !value.isNumber() && !value.isBoolean()) {
        throw invalid(
            name,
            "an object of strings, numbers or booleans",
            value,
            " for " + Check.quote(entry.getKey()));
      }
      labels.put(entry.getKey(), value.asText());
    }
    return labels;
  }

  /** Reads an object of numbers. */
  Map<String, Double> numbers(String name) {
    JsonNode node = optionalObject(name);
    if (node == null) {
      return Map.of();
    }
    Map<String, Double> numbers = new HashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      JsonNode value = entry.getValue();
      if (!value.isNumber()) {
        throw invalid(name, "an object of numbers", value, " for " + Check.quote(entry.getKey()));
      }
      numbers.put(entry.getKey(), value.doubleValue());
    }
    return numbers;
  }

  /** Turns a record's own validation failure into an invalid_field error for this frame. */
  ProtocolException invalidField(InvalidFieldException e) {
    return new ProtocolException(
        ProtocolErrorCode.INVALID_FIELD, prefix + e.getMessage(), refType, prefix + e.field());
  }

  ProtocolException invalid(String name, String expected, JsonNode got) {
    return invalid(name, expected, got, "");
  }

  private ProtocolException invalid(String name, String expected, JsonNode got, String detail) {
    String field = prefix + name;
    return new ProtocolException(
        ProtocolErrorCode.INVALID_FIELD,
        field + " must be " + expected + ", got " + describe(got) + detail,
        refType,
        field);
  }

  private JsonNode required(String name) {
    JsonNode node = optional(name);
    if (node == null) {
      String field = prefix + name;
      throw new ProtocolException(
          ProtocolErrorCode.MISSING_FIELD, field + " is required", refType, field);
    }
    return node;
  }

  /** An explicit JSON null counts as absent, for optional and required fields alike. */
  private JsonNode optional(String name) {
    JsonNode node = object.get(name);
    return node == null || node.isNull() ? null : node;
  }

  private String text(String name, JsonNode node) {
    if (!node.isTextual()) {
      throw invalid(name, "a string", node);
    }
    return node.textValue();
  }

  private int toInt(String name, JsonNode node) {
    if (!node.isNumber() || !node.canConvertToExactIntegral() || !node.canConvertToInt()) {
      throw invalid(name, "a 32-bit integer", node);
    }
    return node.intValue();
  }

  private double toDouble(String name, JsonNode node) {
    if (!node.isNumber()) {
      throw invalid(name, "a number", node);
    }
    return node.doubleValue();
  }

  private Instant toTime(String name, JsonNode node) {
    String text = text(name, node);
    try {
      return WireTime.parse(text);
    } catch (DateTimeException e) {
      throw invalid(name, "an ISO-8601 date-time such as 2025-12-18T01:50:00Z", node);
    }
  }

  private static String describe(JsonNode node) {
    switch (node.getNodeType()) {
      case STRING:
        return "string " + Check.quote(node.textValue());
      case NUMBER:
        return Check.clip(node.asText());
      case BOOLEAN:
        return node.asText();
      case NULL:
        return "null";
      case ARRAY:
        return "an array";
      default:
        return "an object";
    }
  }
}
