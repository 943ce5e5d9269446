package dev.orchestrator.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A map leased to one server for one round: the job. {@code jobId} is unique and never
 * reused; every completion or failure must name the current lease's job id (fencing).
 *
 * @param jobId unique id of this job
 * @param mapId the leased map
 * @param serverId the server holding the lease
 * @param attempt 1-based attempt at this round
 * @param roundNumber the map's {@code current_round_number} when leased
 * @param assignedAt when the lease was granted
 * @param deadline when the lease expires unless renewed
 */
public record Lease(
    String jobId,
    String mapId,
    String serverId,
    int attempt,
    long roundNumber,
    Instant assignedAt,
    Instant deadline) {

  /** Validates every field. */
  public Lease {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(mapId, "mapId");
    Objects.requireNonNull(serverId, "serverId");
    Objects.requireNonNull(assignedAt, "assignedAt");
    Objects.requireNonNull(deadline, "deadline");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
    }
  }

  /** This lease with another deadline. */
  public Lease withDeadline(Instant newDeadline) {
    return new Lease(jobId, mapId, serverId, attempt, roundNumber, assignedAt, newDeadline);
  }

  /** Whether the lease has expired at {@code now}. */
  public boolean isExpired(Instant now) {
    return !deadline.isAfter(now);
  }
}
