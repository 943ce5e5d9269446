package dev.orchestrator.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.core.model.ServerMetrics;
import java.util.List;
import java.util.Map;

/** JSON text columns and signal payloads. */
final class JsonText {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private JsonText() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON for " + value.getClass().getName(), e);
    }
  }

  static Map<String, String> labels(String json) {
    return read(json, STRING_MAP);
  }

  static List<String> strings(String json) {
    return read(json, STRINGS);
  }

  static ServerMetrics metrics(String json) {
    try {
      return MAPPER.readValue(json, ServerMetrics.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored metrics are not valid JSON: " + json, e);
    }
  }

  /** A flat JSON object of string fields, as used by signal payloads. */
  static Map<String, String> fields(String json) {
    return read(json, STRING_MAP);
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON cannot be read: " + json, e);
    }
  }
}
