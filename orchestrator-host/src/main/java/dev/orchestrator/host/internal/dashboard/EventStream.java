package dev.orchestrator.host.internal.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.spi.MapPage;
import dev.orchestrator.core.spi.MapQuery;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/events/}: the event stream as Server-Sent Events, optionally filtered by {@code
 * map_id}, {@code server_id} and {@code type}, plus {@code POST /api/events/token/} (a
 * short-lived query token for {@code EventSource}) and {@code GET /api/events/summary/} (what
 * a dashboard needs before it opens the stream).
 *
 * <p>The HTTP thread only checks the call, sends the headers and registers the stream with the
 * journal; {@link Delivery}'s writer threads do the writing. Thread-safe.
 */
final class EventStream implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(EventStream.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_JOB_PAGES = 20;

  private final Orchestrator orchestrator;
  private final Delivery delivery;
  private final Access access;
  private final EventStreamSettings settings;
  private volatile boolean closed;

  EventStream(Orchestrator orchestrator, Delivery delivery, Access access,
      EventStreamSettings settings) {
    this.orchestrator = orchestrator;
    this.delivery = delivery;
    this.access = access;
    this.settings = settings;
  }

  @Override
  public void handle(HttpExchange exchange) {
    String path = exchange.getRequestURI().getPath();
    String normalized = path.length() > 1 && path.endsWith("/")
        ? path.substring(0, path.length() - 1) : path;
    try {
      switch (normalized) {
        case "/api/events" -> {
          allow(exchange, "GET");
          stream(exchange);
        }
        case "/api/events/token" -> {
          allow(exchange, "POST");
          requireAdmin(exchange);
          token(exchange);
        }
        case "/api/events/summary" -> {
          allow(exchange, "GET");
          requireAdmin(exchange);
          respond(exchange, 200, summary());
        }
        default -> throw new Access.Refusal(404, "not_found", "no endpoint " + path);
      }
    } catch (Access.Refusal refusal) {
      if (refusal.status == 401) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
      }
      respond(exchange, refusal.status, refusal.body());
    } catch (RuntimeException e) {
      log.error("event stream call {} {} failed", exchange.getRequestMethod(), path, e);
      respond(exchange, 500, Access.error("internal_error",
          "the host failed to answer; see its log", null));
    }
  }

  private static void allow(HttpExchange exchange, String method) {
    if (!method.equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Allow", method);
      throw new Access.Refusal(405, "method_not_allowed", exchange.getRequestMethod()
          + " is not allowed on " + exchange.getRequestURI().getPath() + "; use " + method);
    }
  }

  private void requireAdmin(HttpExchange exchange) {
    if (!access.bearerAccepted(exchange.getRequestHeaders().getFirst("Authorization"))) {
      throw new Access.Refusal(401, "unauthorized",
          "send the admin token as Authorization: Bearer <token>");
    }
  }

  private void token(HttpExchange exchange) {
    respond(exchange, 200, JSON.createObjectNode().put("token", access.issueToken())
        .put("expires_in_s", access.tokenTtl().toSeconds()));
  }

  private ObjectNode summary() {
    ObjectNode node = delivery.journal().summary(settings.clock().instant());
    ArrayNode jobs = node.putArray("jobs");
    String cursor = null;
    for (int page = 0; page < MAX_JOB_PAGES; page++) {
      MapPage maps = orchestrator.listMaps(
          new MapQuery(MapStatus.PROCESSING, null, cursor, MapQuery.MAX_LIMIT));
      for (GameMap map : maps.maps()) {
        if (map.lease() != null) {
          jobs.addObject()
              .put("map_id", map.mapId())
              .put("job_id", map.jobId())
              .put("server_id", map.lease().serverId())
              .put("attempt", map.lease().attempt())
              .put("assigned_at", map.lease().assignedAt().toString());
        }
      }
      cursor = maps.nextCursor();
      if (cursor == null) {
        break;
      }
    }
    return node;
  }

  private void stream(HttpExchange exchange) {
    Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
    access.check(exchange.getRequestHeaders().getFirst("Authorization"), query);
    EventFilter filter = access.filter(query);
    long position = access.position(exchange.getRequestHeaders().getFirst("Last-Event-ID"),
        query, delivery.journal());
    if (closed) {
      throw new Access.Refusal(503, "stopping", "the host is stopping");
    }
    access.checkCapacity(delivery);
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Type", "text/event-stream; charset=utf-8");
    headers.set("Cache-Control", "no-store");
    headers.set("X-Content-Type-Options", "nosniff");
    // Tells nginx-style proxies not to buffer the stream.
    headers.set("X-Accel-Buffering", "no");
    SseSubscriber subscriber;
    try {
      exchange.sendResponseHeaders(200, 0);
      subscriber = new SseSubscriber(filter, access.queueCapacity(), exchange,
          settings.keepAlive().toNanos(), settings.writeStall().toNanos());
      subscriber.write(SseSubscriber.PREAMBLE);
    } catch (IOException e) {
      log.debug("event stream client went away before the stream started", e);
      exchange.close();
      return;
    }
    delivery.journal().subscribe(subscriber, position);
  }

  /** Refuses new streams from now on; {@link Delivery#close()} ends the open ones. */
  void close() {
    closed = true;
  }

  private static void respond(HttpExchange exchange, int status, ObjectNode body) {
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Type", "application/json");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Cache-Control", "no-store");
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    try (exchange; OutputStream out = exchange.getResponseBody()) {
      exchange.sendResponseHeaders(status, bytes.length);
      out.write(bytes);
    } catch (IOException e) {
      log.debug("client went away before the response was written", e);
    }
  }

  /** The query's parameters, each with all its values in order. */
  static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> params = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        params.computeIfAbsent(URLDecoder.decode(key, StandardCharsets.UTF_8),
            k -> new ArrayList<>()).add(URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new Access.Refusal(400, "invalid_field",
            "query parameter " + key + " is not URL-encoded text", key);
      }
    }
    return params;
  }
}
