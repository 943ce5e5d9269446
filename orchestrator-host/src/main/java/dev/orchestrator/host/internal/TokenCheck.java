package dev.orchestrator.host.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a presented token against the configured ones without leaking, through timing, how
 * much of a guess was right: both sides are hashed to equal length, compared with {@link
 * MessageDigest#isEqual}, and every configured token is always compared. Thread-safe.
 */
public final class TokenCheck {
  private final List<byte[]> digests = new ArrayList<>();

  /** A check that accepts any of {@code tokens}; with none, it accepts everything. */
  public TokenCheck(List<String> tokens) {
    tokens.forEach(token -> digests.add(sha256(token)));
  }

  /** Whether a token is required at all. */
  public boolean isEnabled() {
    return !digests.isEmpty();
  }

  /** Whether {@code presented} (may be null) is accepted. */
  public boolean accepts(String presented) {
    if (!isEnabled()) {
      return true;
    }
    byte[] candidate = sha256(presented == null ? "" : presented);
    boolean match = false;
    for (byte[] digest : digests) {
      match |= MessageDigest.isEqual(digest, candidate);
    }
    return match && presented != null && !presented.isEmpty();
  }

  /** The token of an {@code Authorization: Bearer} header value, or null. */
  public static String bearer(String header) {
    if (header == null || header.length() < 7
        || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return header.substring(7).trim();
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM ships SHA-256", e);
    }
  }
}
