package dev.orchestrator.host.internal.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.host.internal.TokenCheck;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The rules a subscription must pass, the same for an SSE stream and a WebSocket: the admin
 * token as a bearer header or a query token, a valid filter and position, and room under the
 * limit of open subscriptions. Every refusal names what was wrong and opens nothing.
 * Thread-safe.
 */
final class Access {
  /** A purpose string: a key derived for it signs nothing else. */
  static final String TOKEN_KEY_PURPOSE = "orchestrator event-stream query token v1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_QUEUE = 4_096;

  private final TokenCheck adminToken;
  private final QueryTokens queryTokens;
  private final EventStreamSettings settings;

  Access(TokenCheck adminToken, EventStreamSettings settings) {
    this.adminToken = adminToken;
    this.settings = settings;
    this.queryTokens = new QueryTokens(adminToken.derivedKey(TOKEN_KEY_PURPOSE),
        settings.clock(), settings.tokenTtl());
  }

  boolean bearerAccepted(String authorization) {
    return !adminToken.isEnabled() || adminToken.accepts(TokenCheck.bearer(authorization));
  }

  String issueToken() {
    return queryTokens.issue();
  }

  Duration tokenTtl() {
    return queryTokens.ttl();
  }

  /** Events a subscriber may have waiting before it is sent {@code reset} instead. */
  int queueCapacity() {
    return Math.min(settings.bufferSize(), MAX_QUEUE);
  }

  /** Passes with the admin token as a bearer header or a live query token in {@code token}. */
  void check(String authorization, Map<String, List<String>> query) {
    List<String> tokens = query.getOrDefault("token", List.of());
    String queryToken = tokens.isEmpty() ? null : tokens.get(0);
    if (bearerAccepted(authorization) || queryTokens.accepts(queryToken)) {
      return;
    }
    throw new Refusal(401, "unauthorized", queryToken == null
        ? "send the admin token as Authorization: Bearer <token>, or open the stream with"
            + " ?token= from POST /api/events/token/"
        : "the stream token is unknown or expired; get a new one from POST"
            + " /api/events/token/");
  }

  EventFilter filter(Map<String, List<String>> query) {
    try {
      return EventFilter.parse(query);
    } catch (EventFilter.BadParameter e) {
      throw new Refusal(400, "invalid_field", e.getMessage(), e.parameter);
    }
  }

  /**
   * The position to go on from: {@code Last-Event-ID}, else {@code last_event_id}, else the
   * newest event. The header wins, as a browser's own reconnect sends the header.
   */
  long position(String header, Map<String, List<String>> query, EventJournal journal) {
    List<String> params = query.getOrDefault("last_event_id", List.of());
    String value = header != null && !header.isBlank() ? header.trim()
        : params.isEmpty() ? null : params.get(0);
    if (value == null || value.isEmpty()) {
      return journal.latestId();
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new Refusal(400, "invalid_field",
          "last_event_id must be an event id from this stream, got '" + value + "'",
          "last_event_id");
    }
  }

  void checkCapacity(Delivery delivery) {
    if (delivery.open() >= settings.maxStreams()) {
      throw new Refusal(429, "too_many_streams", settings.maxStreams()
          + " event subscriptions are open already");
    }
  }

  static ObjectNode error(String code, String message, String field) {
    ObjectNode node = JSON.createObjectNode().put("error", code).put("message", message);
    if (field != null) {
      node.put("field", field);
    }
    return node;
  }

  /** A subscription answered with an error instead of events. */
  static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;
    final String field;

    Refusal(int status, String code, String message) {
      this(status, code, message, null);
    }

    Refusal(int status, String code, String message, String field) {
      super(message);
      this.status = status;
      this.code = code;
      this.field = field;
    }

    ObjectNode body() {
      return error(code, getMessage(), field);
    }
  }
}
