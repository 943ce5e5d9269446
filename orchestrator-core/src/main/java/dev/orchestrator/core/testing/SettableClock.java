package dev.orchestrator.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock that moves only when told. Thread-safe. */
public final class SettableClock extends Clock {
  private volatile Instant now;

  /** A clock standing at {@code start}. */
  public SettableClock(Instant start) {
    this.now = start;
  }

  /** Moves the clock forward by {@code step}. */
  public synchronized void advance(Duration step) {
    now = now.plus(step);
  }

  /** Sets the clock to {@code time}. */
  public void set(Instant time) {
    now = time;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("SettableClock is always UTC");
  }
}
