package dev.orchestrator.host.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/** What an admin API call answers. */
record ApiResponse(int status, String contentType, byte[] body) {
  static final String JSON = "application/json";

  static ApiResponse json(int status, JsonNode node) {
    try {
      return new ApiResponse(status, JSON, Views.MAPPER.writeValueAsBytes(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree built here always serialises", e);
    }
  }

  static ApiResponse text(int status, String contentType, String text) {
    return new ApiResponse(status, contentType, text.getBytes(StandardCharsets.UTF_8));
  }

  static ApiResponse error(int status, String code, String message, String field) {
    var node = Views.MAPPER.createObjectNode().put("error", code).put("message", message);
    if (field != null) {
      node.put("field", field);
    }
    return json(status, node);
  }
}
