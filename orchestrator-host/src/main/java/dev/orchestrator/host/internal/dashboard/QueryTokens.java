package dev.orchestrator.host.internal.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Short-lived tokens that open the event stream from a URL, because a browser's {@code
 * EventSource} cannot send an {@code Authorization} header. A token only opens streams, may be
 * used until it expires (so the browser's own reconnects work), and is kept as a hash, so the
 * map lookup's timing says nothing about a guess. Thread-safe.
 */
final class QueryTokens {
  static final int MAX_OUTSTANDING = 10_000;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentMap<String, Instant> expiries = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration ttl;

  QueryTokens(Clock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
  }

  /** A new token, or null when {@link #MAX_OUTSTANDING} unexpired tokens exist. */
  String issue() {
    Instant now = clock.instant();
    expiries.values().removeIf(expiry -> !expiry.isAfter(now));
    if (expiries.size() >= MAX_OUTSTANDING) {
      return null;
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    expiries.put(hash(token), now.plus(ttl));
    return token;
  }

  /** Whether {@code token} was issued here and has not expired. */
  boolean accepts(String token) {
    if (token == null || token.isEmpty()) {
      return false;
    }
    Instant expiry = expiries.get(hash(token));
    return expiry != null && clock.instant().isBefore(expiry);
  }

  Duration ttl() {
    return ttl;
  }

  private static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM ships SHA-256", e);
    }
  }
}
