package dev.orchestrator.host.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One admin API request: its path parameters, query and JSON body. */
final class HttpCall {
  static final int MAX_BODY_BYTES = 1024 * 1024;
  private static final long DRAIN_LIMIT_BYTES = 16L * 1024 * 1024;
  private final HttpExchange exchange;
  private final List<String> pathParams;
  private final Map<String, String> query;

  HttpCall(HttpExchange exchange, List<String> pathParams) {
    this.exchange = exchange;
    this.pathParams = pathParams;
    this.query = parseQuery(exchange.getRequestURI().getRawQuery());
  }

  /** The {@code index}th capture of the route's path pattern (0-based). */
  String pathParam(int index) {
    return pathParams.get(index);
  }

  /** A query parameter, or null. */
  String query(String name) {
    String value = query.get(name);
    return value == null || value.isEmpty() ? null : value;
  }

  /** An integer query parameter within bounds, or {@code fallback} when absent. */
  int queryInt(String name, int fallback, int min, int max) {
    String value = query(name);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // Falls through to the same answer as an out-of-range number.
    }
    throw ApiException.invalid(name, name + " must be a whole number from " + min + " to " + max
        + ", got '" + value + "'");
  }

  /**
   * The body as a JSON object: 415 for a non-JSON content type, 413 above 1 MiB, 400 {@code
   * invalid_json} when it does not parse or is not an object. An empty body is {@code {}}.
   */
  JsonFields body() {
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    byte[] bytes = readBody();
    if (bytes.length == 0) {
      return new JsonFields(Views.MAPPER.createObjectNode());
    }
    if (type != null && !type.toLowerCase(Locale.ROOT).contains("json")) {
      throw new ApiException(415, "unsupported_media_type",
          "send the body as JSON with Content-Type: application/json, not " + type, null);
    }
    JsonNode node;
    try {
      node = Views.MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new ApiException(400, "invalid_json",
          "body is not valid JSON: " + e.getOriginalMessage(), null);
    } catch (IOException e) {
      throw new ApiException(400, "invalid_json", "body could not be read", null);
    }
    if (node == null || !node.isObject()) {
      throw new ApiException(400, "invalid_json", "body must be a JSON object", null);
    }
    return new JsonFields(node);
  }

  private byte[] readBody() {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    try (InputStream in = exchange.getRequestBody()) {
      if (length != null && length.matches("\\d{1,18}")
          && Long.parseLong(length) > MAX_BODY_BYTES) {
        throw tooLarge(in);
      }
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw tooLarge(in);
      }
      return bytes;
    } catch (IOException e) {
      throw new ApiException(400, "invalid_body", "body could not be read", null);
    }
  }

  /**
   * Reads and drops a bounded amount of the rest, because a client that is still sending when
   * the connection closes sees a reset instead of the 413. It reads rather than skips: the
   * JDK server's body stream skips past the end of the body into the socket.
   */
  private static ApiException tooLarge(InputStream in) throws IOException {
    byte[] sink = new byte[64 * 1024];
    long budget = DRAIN_LIMIT_BYTES;
    int read;
    while (budget > 0 && (read = in.read(sink)) > 0) {
      budget -= read;
    }
    return tooLarge();
  }

  private static ApiException tooLarge() {
    return new ApiException(413, "payload_too_large",
        "body is larger than " + MAX_BODY_BYTES + " bytes", null);
  }

  private static Map<String, String> parseQuery(String raw) {
    Map<String, String> params = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        params.putIfAbsent(URLDecoder.decode(key, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid(key, "query parameter " + key + " is not URL-encoded text");
      }
    }
    return params;
  }
}
