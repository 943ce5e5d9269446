package dev.orchestrator.host.internal;

import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * How the admin listener protects itself beyond the admin token.
 *
 * @param tls the context to serve HTTPS with, or null for plain HTTP
 * @param allowedOrigins the {@code Origin} values accepted (lower case, no trailing slash);
 *     empty means every request is accepted whatever its origin
 */
public record AdminSecurity(SSLContext tls, Set<String> allowedOrigins) {
  /** Copies the set. */
  public AdminSecurity {
    allowedOrigins = Set.copyOf(allowedOrigins);
  }

  /** Plain HTTP, no origin check: what the host did before these options existed. */
  public static AdminSecurity none() {
    return new AdminSecurity(null, Set.of());
  }
}
