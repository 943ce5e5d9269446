package dev.orchestrator.core.internal;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Job, session and command ids: the host id, a random part drawn once per start, and a
 * counter. The random part keeps ids unique across restarts of the same host without a
 * random draw per id.
 */
final class IdGenerator {
  private final String prefix;
  private final AtomicLong counter = new AtomicLong();

  IdGenerator(String hostId) {
    long random = new SecureRandom().nextLong() & Long.MAX_VALUE;
    this.prefix = hostId + "-" + Long.toString(random, 36) + "-";
  }

  String next(char kind) {
    return kind + prefix + Long.toString(counter.incrementAndGet(), 36);
  }
}
