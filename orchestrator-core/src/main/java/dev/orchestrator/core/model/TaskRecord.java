package dev.orchestrator.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One row of task history: how one lease ended.
 *
 * @param jobId the lease's job id
 * @param mapId the map
 * @param serverId the server that held the lease
 * @param roundNumber the round the lease was for
 * @param attempt the attempt number of the lease
 * @param startedAt when the lease was granted
 * @param endedAt when it ended
 * @param outcome how it ended
 * @param error the reason for a failure, timeout or revocation; {@code null} on completion
 */
public record TaskRecord(
    String jobId,
    String mapId,
    String serverId,
    long roundNumber,
    int attempt,
    Instant startedAt,
    Instant endedAt,
    TaskOutcome outcome,
    String error) {

  /** Validates the required fields. */
  public TaskRecord {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(mapId, "mapId");
    Objects.requireNonNull(serverId, "serverId");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(endedAt, "endedAt");
    Objects.requireNonNull(outcome, "outcome");
  }

  /** The record that ends {@code lease} at {@code endedAt}. */
  public static TaskRecord of(Lease lease, Instant endedAt, TaskOutcome outcome, String error) {
    return new TaskRecord(
        lease.jobId(),
        lease.mapId(),
        lease.serverId(),
        lease.roundNumber(),
        lease.attempt(),
        lease.assignedAt(),
        endedAt,
        outcome,
        error);
  }

  /** How long the lease lasted. */
  public Duration duration() {
    return Duration.between(startedAt, endedAt);
  }
}
