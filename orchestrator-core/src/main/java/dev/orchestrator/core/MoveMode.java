package dev.orchestrator.core;

import java.util.Locale;

/** When an operator's move of a map takes effect. */
public enum MoveMode {
  /**
   * At once: the running round's lease is revoked (its server is told {@code cancel_job}) and
   * the round restarts on the target with a new job id; a queued map is leased to the target at
   * once, even before its {@code next_round_time}.
   */
  NOW,
  /**
   * After the running round: it finishes where it is, and the next round goes to the target
   * when it is due. For a queued map, its next round goes to the target when due.
   */
  AFTER_ROUND;

  /** The lower-case name used in the admin API. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire name.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static MoveMode fromWire(String value) {
    for (MoveMode mode : values()) {
      if (mode.wireName().equals(value)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("mode must be now or after_round; got '" + value + "'");
  }
}
