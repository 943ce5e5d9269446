package dev.orchestrator.core;

/**
 * What a move did to one map.
 *
 * @param mapId the map
 * @param mode when the move takes effect
 * @param fromServerId the server that held the map's lease, or {@code null} if it was queued
 * @param toServerId the target, or {@code null} when an evacuation left the choice to the
 *     schedule
 * @param outcome what happened
 * @param revokedJobId the job id of the lease that was revoked, or {@code null}
 * @param jobId the job id of the target's new lease ({@code MOVED}), or {@code null}
 */
public record MoveReceipt(
    String mapId,
    MoveMode mode,
    String fromServerId,
    String toServerId,
    Outcome outcome,
    String revokedJobId,
    String jobId) {

  /** What happened to the map. */
  public enum Outcome {
    /** Leased to the target now; a revoked lease's server was told {@code cancel_job}. */
    MOVED,
    /** The next round is reserved for the target (or, with no target, left to the schedule). */
    PENDING,
    /** The lease was revoked and the map queued at once for the assignment policy to place. */
    REQUEUED,
    /** The map changed meanwhile (its round ended or it was deleted); nothing was done to it. */
    UNCHANGED;

    /** The lower-case name used in the admin API. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
