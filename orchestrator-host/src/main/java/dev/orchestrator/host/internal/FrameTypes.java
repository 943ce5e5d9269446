package dev.orchestrator.host.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads a frame's top-level {@code type} (and a protocol error's {@code code}) for metrics,
 * so counting costs far less than the decode the engine does later. A frame that opens with
 * the field, as every frame the protocol codec writes does, is read by looking at its first
 * characters; any other with a streaming parser that stops as soon as it has the field.
 */
final class FrameTypes {
  private static final JsonFactory JSON = new JsonFactory();

  private FrameTypes() {}

  /** The top-level string field {@code name}, or null if absent or the frame is not JSON. */
  static String field(String frame, String name) {
    String leading = leadingString(frame, name);
    return leading != null ? leading : parse(frame, name);
  }

  /** The value if the frame starts with {@code {"name":"value"}, without escapes, else null. */
  private static String leadingString(String frame, String name) {
    int start = name.length() + 5;
    if (frame.length() <= start
        || !frame.startsWith("{\"")
        || !frame.startsWith(name, 2)
        || !frame.startsWith("\":\"", name.length() + 2)) {
      return null;
    }
    for (int i = start; i < frame.length(); i++) {
      char c = frame.charAt(i);
      if (c == '"') {
        return frame.substring(start, i);
      }
      if (c == '\\' || c < ' ') {
        return null;
      }
    }
    return null;
  }

  private static String parse(String frame, String name) {
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
