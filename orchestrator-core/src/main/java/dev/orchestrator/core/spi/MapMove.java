package dev.orchestrator.core.spi;

import dev.orchestrator.core.MoveMode;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.Lease;
import dev.orchestrator.core.model.MapStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An operator's move of one map to another server, as {@link OrchestratorStore#move} applies
 * it. It is fenced by what the caller saw: the live lease's job id when the map was leased,
 * else the version of the queued map; any change since makes the move apply to nothing.
 *
 * @param mapId the map
 * @param fromJobId the live lease the caller saw, or {@code null} if the map was queued
 * @param expectedVersion the version of the queued map the caller saw (ignored when {@code
 *     fromJobId} is set: a lease renewal changes the version but not the lease)
 * @param toServerId the target server
 * @param mode {@code NOW}: end the live lease (history {@code REVOKED}, error {@code reason})
 *     and lease the map to the target as {@code jobId}; {@code AFTER_ROUND}: reserve the next
 *     round for the target, leaving the lease alone
 * @param jobId the new lease's job id for {@code NOW}, fresh and never reused; {@code null} for
 *     {@code AFTER_ROUND}
 * @param reason the revoked lease's history error, e.g. {@code moved to server 'b'}
 */
public record MapMove(
    String mapId,
    String fromJobId,
    long expectedVersion,
    String toServerId,
    MoveMode mode,
    String jobId,
    String reason) {

  /** Validates. */
  public MapMove {
    Objects.requireNonNull(mapId, "mapId");
    Objects.requireNonNull(toServerId, "toServerId");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(reason, "reason");
    if ((mode == MoveMode.NOW) != (jobId != null)) {
      throw new IllegalArgumentException("jobId is required for a move now and only then");
    }
  }

  /** A move of {@code seen} (as the caller read it) to {@code toServerId} now, as {@code jobId}. */
  public static MapMove now(GameMap seen, String toServerId, String jobId) {
    return new MapMove(seen.mapId(), seen.jobId(), seen.version(), toServerId, MoveMode.NOW,
        jobId, reasonFor(toServerId));
  }

  /** A move of {@code seen}'s next round to {@code toServerId}. */
  public static MapMove afterRound(GameMap seen, String toServerId) {
    return new MapMove(seen.mapId(), seen.jobId(), seen.version(), toServerId,
        MoveMode.AFTER_ROUND, null, reasonFor(toServerId));
  }

  private static String reasonFor(String toServerId) {
    return "moved to server '" + toServerId + "' by an operator";
  }

  /** Whether {@code current} is still the map the caller saw. */
  public boolean fits(GameMap current) {
    if (fromJobId != null) {
      return fromJobId.equals(current.jobId());
    }
    return current.status() == MapStatus.QUEUED && current.version() == expectedVersion;
  }

  /** The lease this move ends on {@code current} (a map it {@link #fits}), or {@code null}. */
  public Lease revokes(GameMap current) {
    return mode == MoveMode.NOW ? current.lease() : null;
  }

  /**
   * The map after the move, for a store that keeps {@link GameMap}s. A new lease keeps the
   * revoked lease's attempt number (a move is not a failed attempt); a queued map's lease is its
   * next attempt.
   *
   * @param current a map this move {@link #fits}
   * @param leaseTimeout the new lease's deadline is {@code now + leaseTimeout}
   */
  public GameMap applyTo(GameMap current, Instant now, Duration leaseTimeout) {
    if (mode == MoveMode.AFTER_ROUND) {
      return current.withMoveAfterRound(toServerId);
    }
    int attempt = current.lease() != null ? current.lease().attempt() : current.attempt() + 1;
    return current.movedTo(
        new Lease(jobId, mapId, toServerId, attempt, current.currentRoundNumber(), now,
            now.plus(leaseTimeout)));
  }
}
