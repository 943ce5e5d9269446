package dev.orchestrator.host.internal;

import java.util.Locale;
import java.util.Set;

/**
 * Which browser origins may talk to the host, shared by the admin API and the game-server
 * WebSocket handshake. Only browsers send {@code Origin}; a request without one comes from a
 * program (a game server, curl, a probe) and is never refused here.
 *
 * @param allowed the {@code Origin} values accepted (lower case, no trailing slash); empty means
 *     every origin is accepted
 */
record OriginPolicy(Set<String> allowed) {
  /** Copies the set. */
  OriginPolicy {
    allowed = Set.copyOf(allowed);
  }

  /** Whether a request carrying this {@code Origin} header value (or none) is answered. */
  boolean allows(String origin) {
    if (allowed.isEmpty() || origin == null) {
      return true;
    }
    String normalized = origin.strip().toLowerCase(Locale.ROOT);
    return allowed.contains(normalized.endsWith("/")
        ? normalized.substring(0, normalized.length() - 1) : normalized);
  }
}
