package dev.orchestrator.core.model;

import java.util.Locale;

/**
 * The state of a map. A map is in exactly one state; {@link #PROCESSING} means it holds
 * exactly one live lease.
 */
public enum MapStatus {
  /** Waiting for its {@code next_round_time} or for a free server. */
  QUEUED,
  /** Leased to one game server that is simulating the round. */
  PROCESSING,
  /** Has no further round. An operator may re-queue it. */
  COMPLETED,
  /** Failed too often (or not retryable); waits for an operator's retry. */
  ERROR;

  /** The lower-case name used on the wire and in the admin API. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire name.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static MapStatus fromWire(String value) {
    for (MapStatus status : values()) {
      if (status.wireName().equals(value)) {
        return status;
      }
    }
    throw new IllegalArgumentException(
        "status must be one of queued, processing, completed, error; got '" + value + "'");
  }

  /** Whether a map in this state may move to {@code next}. */
  public boolean canMoveTo(MapStatus next) {
    return switch (this) {
      case QUEUED -> next == PROCESSING;
      case PROCESSING -> next == QUEUED || next == COMPLETED || next == ERROR;
      case COMPLETED, ERROR -> next == QUEUED;
    };
  }

  /**
   * Checks a transition of map {@code mapId}.
   *
   * @throws IllegalTransitionException if this state does not lead to {@code next}
   */
  public void checkMove(String mapId, MapStatus next) {
    if (!canMoveTo(next)) {
      throw new IllegalTransitionException(mapId, wireName(), next.wireName());
    }
  }
}
