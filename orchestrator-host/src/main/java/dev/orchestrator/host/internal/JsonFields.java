package dev.orchestrator.host.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Typed access to a JSON request body. Every getter answers a wrong or absent field with a 400
 * that names it ({@code missing_field} or {@code invalid_field}); an explicit null counts as
 * absent.
 */
final class JsonFields {
  private final JsonNode root;

  JsonFields(JsonNode root) {
    this.root = root;
  }

  private JsonNode get(String name) {
    JsonNode node = root.get(name);
    return node == null || node.isNull() ? null : node;
  }

  /** A required non-blank string; with {@code numberAllowed}, an integer is taken as text. */
  String requiredText(String name, boolean numberAllowed) {
    String value = optionalText(name, numberAllowed);
    if (value == null) {
      throw ApiException.missing(name);
    }
    return value;
  }

  /** An optional non-blank string, or null. */
  String optionalText(String name, boolean numberAllowed) {
    JsonNode node = get(name);
    if (node == null) {
      return null;
    }
    if (node.isTextual() && !node.textValue().isBlank()) {
      return node.textValue();
    }
    if (numberAllowed && node.isIntegralNumber()) {
      return node.asText();
    }
    throw ApiException.invalid(name, name + " must be a non-blank string"
        + (numberAllowed ? " or a whole number" : "") + ", got " + describe(node));
  }

  /** An optional whole number of at least {@code min}. */
  long optionalLong(String name, long fallback, long min) {
    JsonNode node = get(name);
    if (node == null) {
      return fallback;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min) {
      throw ApiException.invalid(name, name + " must be a whole number >= " + min + ", got "
          + describe(node));
    }
    return node.longValue();
  }

  /** An optional int. */
  int optionalInt(String name, int fallback) {
    JsonNode node = get(name);
    if (node == null) {
      return fallback;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw ApiException.invalid(name, name + " must be a whole number, got " + describe(node));
    }
    return node.intValue();
  }

  /** An optional ISO-8601 time (with Z or an offset; without one it is read as UTC), or null. */
  Instant optionalInstant(String name) {
    JsonNode node = get(name);
    if (node == null) {
      return null;
    }
    if (node.isTextual()) {
      String text = node.textValue();
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeException withoutOffset) {
        try {
          return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
          // Answered below like any other wrong value.
        }
      }
    }
    throw ApiException.invalid(name, name + " must be an ISO-8601 time such as "
        + "2030-01-01T12:00:00Z, got " + describe(node));
  }

  /** An optional JSON object as compact text, or null. */
  String optionalObject(String name) {
    JsonNode node = get(name);
    if (node == null) {
      return null;
    }
    if (!node.isObject()) {
      throw ApiException.invalid(name, name + " must be a JSON object, got " + describe(node));
    }
    return node.toString();
  }

  /** An optional object of string values. */
  Map<String, String> optionalLabels(String name) {
    JsonNode node = get(name);
    Map<String, String> labels = new LinkedHashMap<>();
    if (node == null) {
      return labels;
    }
    if (!node.isObject()) {
      throw ApiException.invalid(name, name + " must be an object of strings, got "
          + describe(node));
    }
    node.fields().forEachRemaining(entry -> {
      if (!entry.getValue().isTextual()) {
        throw ApiException.invalid(name, name + "." + entry.getKey() + " must be a string, got "
            + describe(entry.getValue()));
      }
      labels.put(entry.getKey(), entry.getValue().textValue());
    });
    return labels;
  }

  private static String describe(JsonNode node) {
    String text = node.toString();
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " "
        + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
  }
}
