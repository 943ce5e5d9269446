package dev.orchestrator.examples.backend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.orchestrator.core.MapExistsException;
import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.StoreUnavailableException;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.NewMap;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The backend's one REST call: {@code POST /maps} with {@code {"map_id": ..., "season_id": ...}}
 * creates a map due now and answers 201 with it; 400 for a bad body, 409 if the id is taken.
 */
final class MapsApi {
  private static final int MAX_BODY_BYTES = 16 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Orchestrator orchestrator;
  private final HttpServer server;

  private MapsApi(Orchestrator orchestrator, HttpServer server) {
    this.orchestrator = orchestrator;
    this.server = server;
  }

  /**
   * Binds {@code address} and serves at once.
   *
   * @throws UncheckedIOException if the port cannot be bound
   */
  static MapsApi start(InetSocketAddress address, Orchestrator orchestrator) {
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve the map API on " + address, e);
    }
    MapsApi api = new MapsApi(orchestrator, server);
    server.createContext("/maps", api::handle);
    server.start();
    return api;
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Stops accepting calls; calls in progress finish first. */
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().matches("/maps/?")) {
        reply(exchange, 404, error("not_found", "only POST /maps exists here"));
      } else if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST");
        reply(exchange, 405, error("method_not_allowed", "use POST /maps"));
      } else {
        create(exchange);
      }
    }
  }

  private void create(HttpExchange exchange) throws IOException {
    NewMap spec;
    try {
      spec = parse(exchange.getRequestBody());
    } catch (IllegalArgumentException e) {
      reply(exchange, 400, error("invalid_request", e.getMessage()));
      return;
    }
    try {
      reply(exchange, 201, describe(orchestrator.createMap(spec)));
    } catch (MapExistsException e) {
      reply(exchange, 409, error("conflict", e.getMessage()));
    } catch (StoreUnavailableException e) {
      reply(exchange, 503, error("store_unavailable", e.getMessage()));
    }
  }

  private static NewMap parse(InputStream body) throws IOException {
    byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
    if (bytes.length > MAX_BODY_BYTES) {
      throw new IllegalArgumentException("body must be at most " + MAX_BODY_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("body is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("body must be a JSON object");
    }
    return NewMap.of(text(root, "map_id"), text(root, "season_id"));
  }

  private static String text(JsonNode root, String field) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException(field + " is required");
    }
    if (!value.isTextual() && !value.isIntegralNumber()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return value.asText();
  }

  private static ObjectNode describe(GameMap map) {
    ObjectNode node = JSON.createObjectNode();
    node.put("map_id", map.mapId());
    node.put("season_id", map.seasonId());
    node.put("status", map.status().wireName());
    node.put("current_round_number", map.currentRoundNumber());
    node.put("next_round_time", String.valueOf(map.nextRoundTime()));
    return node;
  }

  private static ObjectNode error(String code, String message) {
    ObjectNode node = JSON.createObjectNode();
    node.put("error", code);
    node.put("message", message);
    return node;
  }

  private static void reply(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
