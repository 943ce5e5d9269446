package dev.orchestrator.core.internal;

import java.time.Clock;
import java.time.Duration;

/**
 * A token bucket for one session's frames, plus a strike count for frames that were bad or
 * over the limit, so persistent abuse can be told from a burst. Thread-safe.
 */
final class RateLimiter {
  private final Clock clock;
  private final double perNano;
  private final double burst;
  private final int strikeLimit;
  private final long strikeWindowNanos;
  private double tokens;
  private long lastRefill;
  private int strikes;
  private long strikeWindowStart;

  RateLimiter(Clock clock, int perSecond, int burst, int strikeLimit, Duration strikeWindow) {
    this.clock = clock;
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.strikeLimit = strikeLimit;
    this.strikeWindowNanos = strikeWindow.toNanos();
    this.tokens = burst;
    this.lastRefill = nanos();
    this.strikeWindowStart = lastRefill;
  }

  /** Takes a token for one frame; false when the session is over its rate. */
  synchronized boolean tryAcquire() {
    long now = nanos();
    tokens = Math.min(burst, tokens + (now - lastRefill) * perNano);
    lastRefill = now;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }

  /** Counts one bad or refused frame; true when the session has earned a close. */
  synchronized boolean strike() {
    long now = nanos();
    if (now - strikeWindowStart > strikeWindowNanos) {
      strikeWindowStart = now;
      strikes = 0;
    }
    return ++strikes >= strikeLimit;
  }

  private long nanos() {
    // The injected clock, not System.nanoTime(), so virtual-time tests can drive the bucket.
    return clock.millis() * 1_000_000L;
  }
}
