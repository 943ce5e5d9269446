package dev.orchestrator.core.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * How far ahead a reported {@code next_round_time} may lie. A game server's clock decides that
 * time, and a clock that is wrong by years (a dead RTC battery, a bad NTP answer, a unit bug)
 * would park the map out of sight; refusing it keeps the lease, so the round times out and is
 * run again instead. A time in the past is accepted: the map is simply due at once.
 */
final class NextRoundLimit {
  /** Longer than any season; shorter than any clock that is off by years. */
  static final Duration MAX_AHEAD = Duration.ofDays(366);

  private NextRoundLimit() {}

  /** Why {@code next} is refused at {@code now}, or null if it is accepted (null included). */
  static String problem(Instant next, Instant now) {
    if (next == null || !next.isAfter(now.plus(MAX_AHEAD))) {
      return null;
    }
    return "next_round_time " + next + " is more than " + MAX_AHEAD.toDays()
        + " days after the host's time " + now + "; is the game server's clock wrong?"
        + " Nothing changed";
  }
}
