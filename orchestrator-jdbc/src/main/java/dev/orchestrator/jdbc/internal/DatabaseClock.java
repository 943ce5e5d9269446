package dev.orchestrator.jdbc.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A clock that follows the database's clock: a base clock plus the offset measured at the last
 * {@link #resync()}. Reading it costs no round trip; hosts whose own clocks are skewed still agree
 * on due times and deadlines. Thread-safe.
 */
public final class DatabaseClock extends Clock {
  private final Clock base;
  private final Supplier<Instant> databaseNow;
  private final AtomicReference<Duration> offset;

  /**
   * A clock at offset zero until the first {@link #resync()}.
   *
   * @param base the local clock the offset is added to
   * @param databaseNow reads the database's current time (one round trip)
   */
  public DatabaseClock(Clock base, Supplier<Instant> databaseNow) {
    this(base, databaseNow, new AtomicReference<>(Duration.ZERO));
  }

  private DatabaseClock(
      Clock base, Supplier<Instant> databaseNow, AtomicReference<Duration> offset) {
    this.base = Objects.requireNonNull(base, "base");
    this.databaseNow = Objects.requireNonNull(databaseNow, "databaseNow");
    this.offset = offset;
  }

  /**
   * Samples the database's time and keeps its offset to the base clock, taken against the middle of
   * the round trip so network delay counts half each way.
   *
   * @throws RuntimeException whatever {@code databaseNow} throws; the old offset stays
   */
  public void resync() {
    Instant before = base.instant();
    Instant database = databaseNow.get();
    Instant after = base.instant();
    Instant middle = before.plus(Duration.between(before, after).dividedBy(2));
    offset.set(Duration.between(middle, database));
  }

  /** How far the database's clock is ahead of the base clock (negative if behind). */
  public Duration offset() {
    return offset.get();
  }

  @Override
  public Instant instant() {
    return base.instant().plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return base.getZone();
  }

  /** The same clock, sharing this one's offset, in another zone. */
  @Override
  public Clock withZone(ZoneId zone) {
    return new DatabaseClock(base.withZone(zone), databaseNow, offset);
  }
}
