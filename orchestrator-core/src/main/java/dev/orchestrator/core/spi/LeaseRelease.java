package dev.orchestrator.core.spi;

import dev.orchestrator.core.model.TaskOutcome;
import java.time.Instant;
import java.util.Objects;

/**
 * Ends a lease without completing its round.
 *
 * @param mapId the map
 * @param jobId the lease's job id; the release applies only while it is the current lease
 * @param outcome {@code FAILED}, {@code TIMEOUT} or {@code REVOKED}
 * @param error why, for the history record and the map's {@code lastError}
 * @param requeueAt when the map is due again, or {@code null} to put it in {@code error}
 */
public record LeaseRelease(
    String mapId, String jobId, TaskOutcome outcome, String error, Instant requeueAt) {

  /** Validates. */
  public LeaseRelease {
    Objects.requireNonNull(mapId, "mapId");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(outcome, "outcome");
    if (outcome == TaskOutcome.COMPLETED) {
      throw new IllegalArgumentException("a release cannot complete a round; use complete()");
    }
  }
}
