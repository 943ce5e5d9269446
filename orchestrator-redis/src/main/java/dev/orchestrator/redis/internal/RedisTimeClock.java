package dev.orchestrator.redis.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The JVM's clock shifted by the offset to Redis {@code TIME}, sampled at start and again from time
 * to time. Reading it costs no round trip; it agrees with the scripts' clock to within half a round
 * trip plus drift since the last sample. Thread-safe.
 */
public final class RedisTimeClock extends Clock {
  private final Clock system;
  private volatile Duration offset = Duration.ZERO;

  /** A clock on {@code system} with no offset until {@link #sync} runs. */
  public RedisTimeClock(Clock system) {
    this.system = system;
  }

  /**
   * Samples Redis time through {@code gateway} and moves the offset.
   *
   * @throws dev.orchestrator.core.StoreUnavailableException if Redis does not answer
   */
  public void sync(Gateway gateway) {
    Instant before = system.instant();
    List<String> time = gateway.call("TIME", redis -> redis.time());
    Instant after = system.instant();
    Instant redisNow =
        Instant.ofEpochSecond(Long.parseLong(time.get(0)), Long.parseLong(time.get(1)) * 1000);
    Instant midpoint = before.plus(Duration.between(before, after).dividedBy(2));
    offset = Duration.between(midpoint, redisNow);
  }

  /** How far Redis time is ahead of the JVM's (negative when behind). */
  public Duration offset() {
    return offset;
  }

  @Override
  public Instant instant() {
    return system.instant().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (ZoneOffset.UTC.equals(zone)) {
      return this;
    }
    throw new UnsupportedOperationException("the Redis clock is always UTC");
  }
}
