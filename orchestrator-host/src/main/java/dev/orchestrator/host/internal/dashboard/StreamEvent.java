package dev.orchestrator.host.internal.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.core.model.OrchestratorEvent;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

/**
 * One event as the streams send it. Encoded when a reader first asks, then once for every
 * reader: most events pass through the journal without any stream wanting them, and encoding
 * each one up front cost a fifth of the host's CPU in a busy job cycle. Thread-safe: readers
 * that race on the first encoding each build the same text, and either copy may be kept.
 */
final class StreamEvent {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final long id;
  private final OrchestratorEvent event;
  private volatile String json;
  private volatile byte[] frame;

  /**
   * @param id the shared event log's id
   * @param event the event
   */
  StreamEvent(long id, OrchestratorEvent event) {
    this.id = id;
    this.event = event;
  }

  long id() {
    return id;
  }

  OrchestratorEvent event() {
    return event;
  }

  /** The event type's wire name. */
  String type() {
    return event.type().wireName();
  }

  /** The map concerned, or null. */
  String mapId() {
    return event.mapId();
  }

  /** The server concerned, or null. */
  String serverId() {
    return event.serverId();
  }

  /** The event as one JSON object: a WebSocket message, the SSE {@code data} line. */
  String json() {
    String text = json;
    if (text == null) {
      text = toJson().toString();
      json = text;
    }
    return text;
  }

  /** The complete SSE message: {@code id:}, {@code event:}, {@code data:} lines, blank line. */
  byte[] frame() {
    byte[] bytes = frame;
    if (bytes == null) {
      bytes = ("id: " + id + "\nevent: " + type() + "\ndata: " + json() + "\n\n")
          .getBytes(StandardCharsets.UTF_8);
      frame = bytes;
    }
    return bytes;
  }

  /** A new tree of the event, as {@link #json()} writes it. */
  ObjectNode toJson() {
    ObjectNode node = JSON.createObjectNode()
        .put("id", id)
        .put("type", type())
        .put("time", event.time().toString())
        .put("map_id", event.mapId())
        .put("server_id", event.serverId())
        .put("job_id", event.jobId());
    if (event.mapId() == null) {
      node.putNull("map_version");
    } else {
      node.put("map_version", event.mapVersion());
    }
    ObjectNode details = node.putObject("details");
    new TreeMap<>(event.details()).forEach(details::put);
    return node;
  }
}
