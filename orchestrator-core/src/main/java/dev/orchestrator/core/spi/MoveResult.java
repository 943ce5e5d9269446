package dev.orchestrator.core.spi;

import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.Lease;

/**
 * What {@link OrchestratorStore#move} did.
 *
 * @param kind the outcome
 * @param map the map after the change for {@code MOVED}, its current state for {@code STALE},
 *     {@code null} for {@code UNKNOWN_MAP}
 * @param revoked the lease the move ended, or {@code null} (none was live, or nothing changed)
 */
public record MoveResult(Kind kind, GameMap map, Lease revoked) {

  /** The possible outcomes. */
  public enum Kind {
    /** The move applied. */
    MOVED,
    /** The map is no longer as the caller saw it; nothing changed. */
    STALE,
    /** No such map; nothing changed. */
    UNKNOWN_MAP
  }

  /** The result for a missing map. */
  public static MoveResult unknownMap() {
    return new MoveResult(Kind.UNKNOWN_MAP, null, null);
  }

  /** The result for a map that changed; {@code current} is how it is now. */
  public static MoveResult stale(GameMap current) {
    return new MoveResult(Kind.STALE, current, null);
  }
}
