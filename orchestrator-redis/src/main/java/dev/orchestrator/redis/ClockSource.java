package dev.orchestrator.redis;

/**
 * Where the Redis store's scripts take "now" from when they compare due times and deadlines and
 * stamp leases and history records.
 */
public enum ClockSource {
  /**
   * Redis {@code TIME}, read inside each script. Every host sharing the store agrees on one clock
   * whatever their own clocks say; the {@code now} arguments of the store methods are ignored. The
   * default, for production. Pair the engine with {@link RedisStore#redisClock()} so the times it
   * computes (next round, renewed deadlines) are on the same clock.
   */
  REDIS,
  /**
   * The {@code now} the caller passes to each store method. For tests on virtual time and for hosts
   * that already share a synchronised clock.
   */
  CALLER
}
