package dev.orchestrator.core.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A clock that follows a store's clock (a database's {@code now()}, Redis {@code TIME}): a base
 * clock plus the offset measured at the last {@link #resync()}. Reading it costs no round trip,
 * and hosts whose own clocks are skewed still agree on due times, deadlines and the times in
 * the history. Thread-safe.
 *
 * <p>A sample of the store's time is taken against the middle of its round trip, so it can be
 * off by up to half the round trip: a slow first call (a cold JVM, a busy machine) would leave
 * two hosts tens of milliseconds apart for a whole resync period. Each resync therefore takes
 * several samples and keeps the one with the shortest round trip, as NTP does.
 */
public final class StoreClock extends Clock {
  /** Samples per resync; a few more than one are enough to skip a slow round trip. */
  static final int SAMPLES = 5;

  private final Clock base;
  private final Supplier<Instant> storeNow;
  private final AtomicReference<Duration> offset;

  /**
   * A clock at offset zero until the first {@link #resync()}.
   *
   * @param base the local clock the offset is added to
   * @param storeNow reads the store's current time (one round trip)
   */
  public StoreClock(Clock base, Supplier<Instant> storeNow) {
    this(base, storeNow, new AtomicReference<>(Duration.ZERO));
  }

  private StoreClock(Clock base, Supplier<Instant> storeNow, AtomicReference<Duration> offset) {
    this.base = Objects.requireNonNull(base, "base");
    this.storeNow = Objects.requireNonNull(storeNow, "storeNow");
    this.offset = offset;
  }

  /**
   * Samples the store's time a few times and keeps the offset of the sample with the shortest
   * round trip.
   *
   * @throws RuntimeException whatever {@code storeNow} throws on the first sample; the old
   *     offset stays. A failure after a good sample ends the resync with that sample's offset.
   */
  public void resync() {
    Duration best = null;
    Duration bestRoundTrip = null;
    for (int i = 0; i < SAMPLES; i++) {
      Instant before = base.instant();
      Instant store;
      try {
        store = storeNow.get();
      } catch (RuntimeException e) {
        if (best == null) {
          throw e;
        }
        break;
      }
      Instant after = base.instant();
      Duration roundTrip = Duration.between(before, after);
      if (bestRoundTrip == null || roundTrip.compareTo(bestRoundTrip) < 0) {
        bestRoundTrip = roundTrip;
        best = Duration.between(before.plus(roundTrip.dividedBy(2)), store);
      }
    }
    offset.set(best);
  }

  /** How far the store's clock is ahead of the base clock (negative if behind). */
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
    return new StoreClock(base.withZone(zone), storeNow, offset);
  }
}
