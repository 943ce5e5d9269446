package dev.orchestrator.core.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One state change. Map events carry the map's version after the change, so a consumer
 * that sees versions out of order can tell which is newer.
 *
 * @param type what happened
 * @param time when, on the orchestrator's clock
 * @param mapId the map concerned, or {@code null}
 * @param serverId the server concerned, or {@code null}
 * @param jobId the job concerned, or {@code null}
 * @param mapVersion the map's version after the change, or 0 if no map is concerned
 * @param details further facts (status, error, next round time...) as text
 */
public record OrchestratorEvent(
    EventType type,
    Instant time,
    String mapId,
    String serverId,
    String jobId,
    long mapVersion,
    Map<String, String> details) {

  /** Validates and copies. */
  public OrchestratorEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(time, "time");
    details = details == null ? Map.of() : Map.copyOf(details);
  }
}
