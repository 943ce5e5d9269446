package dev.orchestrator.host.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * How the game-server listener treats a connection before it is a session.
 *
 * @param tls the context to serve {@code wss://} with, or null for plain {@code ws://}
 * @param allowedOrigins the browser origins allowed to open a WebSocket (lower case, no
 *     trailing slash); empty means no origin check
 * @param timeout how long a connection may take from TCP accept to the end of its handshake
 *     (TLS included) before it is dropped; positive
 */
public record HandshakePolicy(SSLContext tls, Set<String> allowedOrigins, Duration timeout) {
  /** Copies the set and checks the timeout. */
  public HandshakePolicy {
    allowedOrigins = Set.copyOf(allowedOrigins);
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("handshake timeout must be positive, got " + timeout);
    }
  }
}
