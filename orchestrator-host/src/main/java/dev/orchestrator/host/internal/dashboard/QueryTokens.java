package dev.orchestrator.host.internal.dashboard;

import java.nio.ByteBuffer;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived tokens that open event streams from a URL, because a browser's {@code
 * EventSource} and {@code WebSocket} cannot send an {@code Authorization} header. A token
 * carries its expiry and an HMAC-SHA256 of it under a key derived from the admin token, so any
 * host configured with the same admin token accepts it without shared state (a browser may
 * reconnect to another host behind the balancer), and nothing is stored per token. A token
 * only opens streams and may be used until it expires, so the browser's own reconnects work.
 * The MAC is compared in constant time. Thread-safe.
 */
final class QueryTokens {
  private static final String ALGORITHM = "HmacSHA256";
  private static final int NONCE_BYTES = 8;
  private static final int MAC_BYTES = 32;
  private static final int TOKEN_BYTES = Long.BYTES + NONCE_BYTES + MAC_BYTES;

  private final SecureRandom random = new SecureRandom();
  private final SecretKeySpec key;
  private final Clock clock;
  private final Duration ttl;

  /**
   * Tokens signed with {@code key}; hosts that must accept each other's tokens need the same
   * key (see {@link dev.orchestrator.host.internal.TokenCheck#derivedKey}).
   */
  QueryTokens(byte[] key, Clock clock, Duration ttl) {
    this.key = new SecretKeySpec(key, ALGORITHM);
    this.clock = clock;
    this.ttl = ttl;
  }

  /** A new token, valid for the configured time to live. */
  String issue() {
    ByteBuffer token = ByteBuffer.allocate(TOKEN_BYTES);
    token.putLong(clock.millis() + ttl.toMillis());
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    token.put(nonce);
    token.put(mac(token.array(), Long.BYTES + NONCE_BYTES));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token.array());
  }

  /** Whether {@code token} was signed with this key and has not expired. */
  boolean accepts(String token) {
    if (token == null || token.isEmpty() || token.length() > 2 * TOKEN_BYTES) {
      return false;
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (bytes.length != TOKEN_BYTES) {
      return false;
    }
    byte[] presented = new byte[MAC_BYTES];
    System.arraycopy(bytes, Long.BYTES + NONCE_BYTES, presented, 0, MAC_BYTES);
    boolean signed = MessageDigest.isEqual(mac(bytes, Long.BYTES + NONCE_BYTES), presented);
    return signed && clock.millis() < ByteBuffer.wrap(bytes).getLong();
  }

  Duration ttl() {
    return ttl;
  }

  private byte[] mac(byte[] bytes, int length) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      mac.update(bytes, 0, length);
      return mac.doFinal();
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every JVM ships HmacSHA256", e);
    }
  }
}
