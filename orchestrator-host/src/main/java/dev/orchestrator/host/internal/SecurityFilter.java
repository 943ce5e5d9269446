package dev.orchestrator.host.internal;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before every admin handler, the event stream included: refuses browser requests from
 * origins not allowed (a cross-site page could otherwise drive the API with an operator's
 * credentials, or read it after a DNS rebinding) and puts the security headers on every
 * response, so no handler can forget them.
 */
final class SecurityFilter extends Filter {
  /** The dashboard page loads only its own files and talks only to this host. */
  static final String DASHBOARD_CSP = "default-src 'none'; script-src 'self'; style-src 'self';"
      + " connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none';"
      + " frame-ancestors 'none'";
  /** Nothing else is a page, so nothing else may load or frame anything. */
  static final String API_CSP = "default-src 'none'; frame-ancestors 'none'";
  private static final Logger log = LoggerFactory.getLogger(SecurityFilter.class);
  private static final byte[] FORBIDDEN = ("{\"error\":\"origin_not_allowed\",\"message\":"
      + "\"requests from this Origin are not allowed; the host lists allowed origins with"
      + " --allowed-origin\"}").getBytes(StandardCharsets.UTF_8);

  private final OriginPolicy origins;

  SecurityFilter(Set<String> allowedOrigins) {
    this.origins = new OriginPolicy(allowedOrigins);
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    Headers headers = exchange.getResponseHeaders();
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Cache-Control", "no-store");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "no-referrer");
    String path = exchange.getRequestURI().getPath();
    headers.set("Content-Security-Policy", "/".equals(path) ? DASHBOARD_CSP : API_CSP);
    if (!origins.allows(exchange.getRequestHeaders().getFirst("Origin"))) {
      log.debug("refused {} {}: origin not allowed", exchange.getRequestMethod(), path);
      headers.set("Content-Type", "application/json");
      try (exchange; OutputStream out = exchange.getResponseBody()) {
        exchange.sendResponseHeaders(403, FORBIDDEN.length);
        out.write(FORBIDDEN);
      }
      return;
    }
    chain.doFilter(exchange);
  }

  @Override
  public String description() {
    return "origin check and security headers";
  }
}
