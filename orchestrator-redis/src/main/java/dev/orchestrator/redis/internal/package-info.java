/**
 * Internals of the Redis store: key layout, script loading and calling, encoding of records into
 * hashes, pub/sub signals and the Redis-synchronised clock. Not an API; may change in any release.
 */
package dev.orchestrator.redis.internal;
