/**
 * The Redis store: {@link dev.orchestrator.redis.RedisStore}, built with {@link
 * dev.orchestrator.redis.RedisStore#builder()}. Maps, leases, task history and the server registry
 * live under one key prefix; every multi-key change is one Lua script, and signals between hosts
 * travel over Redis pub/sub. Users depend on this package only; {@code
 * dev.orchestrator.redis.internal} may change without notice.
 */
package dev.orchestrator.redis;
