package dev.orchestrator.host.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads a frame's top-level {@code type} (and a protocol error's {@code code}) for metrics,
 * with a streaming parser that stops as soon as it has the field, so counting costs far less
 * than the decode the engine does later.
 */
final class FrameTypes {
  private static final JsonFactory JSON = new JsonFactory();

  private FrameTypes() {}

  /** The top-level string field {@code name}, or null if absent or the frame is not JSON. */
  static String field(String frame, String name) {
    try (JsonParser parser = JSON.createParser(frame)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        boolean wanted = name.equals(parser.currentName());
        JsonToken value = parser.nextToken();
        if (wanted) {
          return value == JsonToken.VALUE_STRING ? parser.getText() : null;
        }
        parser.skipChildren();
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }
}
