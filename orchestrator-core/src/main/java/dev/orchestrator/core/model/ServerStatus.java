package dev.orchestrator.core.model;

import java.util.Locale;

/** The state of a game server as the orchestrator sees it (the seed's five states). */
public enum ServerStatus {
  /** Known but not connected. */
  OFFLINE,
  /** Connected, heartbeating and able to take work. */
  IDLE,
  /** Connected and full: all slots in use, or the server said it is busy. */
  BUSY,
  /** Connected but has missed heartbeats; is given no new work. */
  NOT_RESPONDING,
  /** Registered through the admin API but never connected. */
  NOT_INITIALIZED;

  /** The lower-case name used on the wire and in the admin API. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire name.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static ServerStatus fromWire(String value) {
    for (ServerStatus status : values()) {
      if (status.wireName().equals(value)) {
        return status;
      }
    }
    throw new IllegalArgumentException(
        "status must be one of offline, idle, busy, not_responding, not_initialized; got '"
            + value
            + "'");
  }

  /** Whether a server in this state may move to {@code next}; staying put is always allowed. */
  public boolean canMoveTo(ServerStatus next) {
    if (next == this) {
      return true;
    }
    return switch (this) {
      case NOT_INITIALIZED, OFFLINE -> next == IDLE || next == BUSY;
      case IDLE, BUSY, NOT_RESPONDING -> next != NOT_INITIALIZED;
    };
  }

  /**
   * Checks a transition of server {@code serverId}.
   *
   * @throws IllegalTransitionException if this state does not lead to {@code next}
   */
  public void checkMove(String serverId, ServerStatus next) {
    if (!canMoveTo(next)) {
      throw new IllegalTransitionException(serverId, wireName(), next.wireName());
    }
  }
}
