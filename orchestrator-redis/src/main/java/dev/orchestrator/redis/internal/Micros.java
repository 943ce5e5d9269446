package dev.orchestrator.redis.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * Times as microseconds since the epoch, the unit Redis {@code TIME} gives. Sorted-set scores are
 * doubles, exact for integers up to 2^53, so every stored time must stay within about 285 years of
 * 1970.
 */
final class Micros {
  private static final long LIMIT = 1L << 53;
  private static final long PER_SECOND = 1_000_000L;

  private Micros() {}

  static long of(Instant time) {
    long micros;
    try {
      micros =
          Math.addExact(
              Math.multiplyExact(time.getEpochSecond(), PER_SECOND), time.getNano() / 1000);
    } catch (ArithmeticException e) {
      throw outOfRange(time);
    }
    if (micros > LIMIT || micros < -LIMIT) {
      throw outOfRange(time);
    }
    return micros;
  }

  static String text(Instant time) {
    return Long.toString(of(time));
  }

  static long of(Duration duration) {
    return Math.addExact(
        Math.multiplyExact(duration.getSeconds(), PER_SECOND), duration.getNano() / 1000);
  }

  static Instant instant(String micros) {
    return instant(Long.parseLong(micros));
  }

  static Instant instant(long value) {
    return Instant.ofEpochSecond(
        Math.floorDiv(value, PER_SECOND), Math.floorMod(value, PER_SECOND) * 1000);
  }

  private static IllegalArgumentException outOfRange(Instant time) {
    return new IllegalArgumentException(
        "time "
            + time
            + " is outside what the Redis store keeps exactly (2^53 microseconds"
            + " around 1970, about the years 1685 to 2255)");
  }
}
