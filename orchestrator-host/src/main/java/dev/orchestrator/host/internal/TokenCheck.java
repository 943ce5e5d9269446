package dev.orchestrator.host.internal;

import dev.orchestrator.host.ServerToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a presented token against the configured ones without leaking, through timing, how
 * much of a guess was right: both sides are hashed to equal length, compared with {@link
 * MessageDigest#isEqual}, and every configured token is always compared, whatever the scope.
 * Thread-safe.
 */
public final class TokenCheck {
  private final List<Entry> entries = new ArrayList<>();

  /** A check that accepts any of {@code tokens} for every server; with none, everything. */
  public TokenCheck(List<String> tokens) {
    tokens.forEach(token -> entries.add(new Entry(sha256(token), "")));
  }

  /**
   * A check that accepts each of {@code tokens} for the server ids its prefix covers; with
   * none, it accepts everything.
   */
  public static TokenCheck scoped(List<ServerToken> tokens) {
    TokenCheck check = new TokenCheck(List.of());
    tokens.forEach(t -> check.entries.add(new Entry(sha256(t.token()), t.serverIdPrefix())));
    return check;
  }

  /** Whether a token is required at all. */
  public boolean isEnabled() {
    return !entries.isEmpty();
  }

  /** Whether {@code presented} (may be null) is accepted for calls not tied to a server. */
  public boolean accepts(String presented) {
    return accepts(presented, null);
  }

  /**
   * Whether {@code presented} (may be null) is accepted for the server {@code serverId}; a
   * scoped token only matches ids that start with its prefix. With {@code serverId} null only
   * unscoped tokens match.
   */
  public boolean accepts(String presented, String serverId) {
    if (!isEnabled()) {
      return true;
    }
    byte[] candidate = sha256(presented == null ? "" : presented);
    boolean match = false;
    for (Entry entry : entries) {
      boolean inScope = entry.prefix.isEmpty()
          || (serverId != null && serverId.startsWith(entry.prefix));
      // Evaluated for every entry, so the time taken does not depend on which one matched.
      match |= MessageDigest.isEqual(entry.digest, candidate) & inScope;
    }
    return match && presented != null && !presented.isEmpty();
  }

  /**
   * A key for {@code purpose} derived from the configured tokens (HMAC-SHA256 of the purpose
   * under the tokens' digests), so every host configured with the same tokens derives the same
   * key and no token can be read back from it. With no tokens, a random key of this process.
   */
  public byte[] derivedKey(String purpose) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      byte[] secret = new byte[32];
      if (entries.isEmpty()) {
        new SecureRandom().nextBytes(secret);
      } else {
        MessageDigest all = MessageDigest.getInstance("SHA-256");
        entries.forEach(entry -> all.update(entry.digest));
        secret = all.digest();
      }
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every JVM ships SHA-256 and HmacSHA256", e);
    }
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

  private record Entry(byte[] digest, String prefix) { }
}
