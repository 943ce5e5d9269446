package dev.orchestrator.core.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One finished round to apply, as in {@link OrchestratorStore#complete}.
 *
 * @param mapId the map
 * @param jobId the job that finished; it applies only while it is the map's live lease
 * @param serverId the server that reports it, which must hold the lease
 * @param nextRoundTime when the next round is due, or {@code null} to complete the map
 */
public record Completion(String mapId, String jobId, String serverId, Instant nextRoundTime) {

  /** Validates. */
  public Completion {
    Objects.requireNonNull(mapId, "mapId");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(serverId, "serverId");
  }
}
