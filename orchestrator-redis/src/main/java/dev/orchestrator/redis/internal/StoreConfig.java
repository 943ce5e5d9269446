package dev.orchestrator.redis.internal;

import dev.orchestrator.redis.ClockSource;
import java.time.Clock;
import java.time.Duration;

/**
 * The settings a store runs with, fixed at build time.
 *
 * @param keys the key layout of the prefix
 * @param historyCap history records kept per map
 * @param historyRetention how long a job's record stays for {@code findTask} and duplicate
 *     detection
 * @param commandTimeout how long a command may take before it fails
 * @param clockSource where scripts read the time
 * @param target where the store connects, for messages (never holds a password)
 * @param localClock this machine's clock, which the Redis clock adds its offset to
 */
public record StoreConfig(
    Keys keys,
    int historyCap,
    Duration historyRetention,
    Duration commandTimeout,
    ClockSource clockSource,
    String target,
    Clock localClock) {}
