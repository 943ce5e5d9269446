package dev.orchestrator.core.model;

import java.util.Map;

/** Checks shared by the value types; package-private so the rules live in one place. */
final class Ids {
  static final int MAX_ID_LENGTH = 256;

  private Ids() {}

  static String requireId(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is required");
    }
    if (value.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(
          field + " must be at most " + MAX_ID_LENGTH + " characters, got " + value.length());
    }
    return value;
  }

  static String requireJsonObject(String field, String json) {
    if (json == null) {
      return "{}";
    }
    String trimmed = json.strip();
    if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
      throw new IllegalArgumentException(field + " must be a JSON object, got " + abbreviate(json));
    }
    return trimmed;
  }

  static Map<String, String> labels(String field, Map<String, String> labels) {
    if (labels == null) {
      return Map.of();
    }
    labels.forEach(
        (k, v) -> {
          if (k == null || k.isBlank() || v == null) {
            throw new IllegalArgumentException(field + " must map non-blank names to values");
          }
        });
    return Map.copyOf(labels);
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
