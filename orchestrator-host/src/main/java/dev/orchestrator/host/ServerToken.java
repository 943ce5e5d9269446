package dev.orchestrator.host;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A token a game server may present, optionally valid only for server ids that start with a
 * prefix, so that a token leaked from one fleet cannot register servers of another. In a token
 * file it is written {@code token@prefix}; see {@link #parse(String)}. Immutable.
 *
 * @param token the secret; never blank
 * @param serverIdPrefix the server ids it is valid for start with this; empty means all
 */
public record ServerToken(String token, String serverIdPrefix) {
  /** The characters a server id, and so a prefix, may hold. */
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.:-]{0,128}");

  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException if the token is blank or the prefix holds a character a
   *     server id cannot (the message never contains the token)
   */
  public ServerToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(serverIdPrefix, "serverIdPrefix");
    if (token.isBlank()) {
      throw new IllegalArgumentException("server token must not be blank");
    }
    if (!PREFIX.matcher(serverIdPrefix).matches()) {
      throw new IllegalArgumentException("server id prefix '" + serverIdPrefix
          + "' may only hold A-Z a-z 0-9 _ . : - (at most 128)");
    }
  }

  /** A token valid for every server id. */
  public static ServerToken anyServer(String token) {
    return new ServerToken(token, "");
  }

  /**
   * Reads {@code token@prefix}: the part after the <em>last</em> {@code @} is the prefix
   * (server ids cannot contain {@code @}, so the split is never ambiguous), and a line without
   * {@code @} is valid for every server. A token that itself contains {@code @} and is valid
   * for every server is written with a trailing {@code @} (an empty prefix).
   *
   * @throws IllegalArgumentException as the constructor does
   */
  public static ServerToken parse(String line) {
    int at = line.lastIndexOf('@');
    return at < 0 ? anyServer(line) : new ServerToken(line.substring(0, at),
        line.substring(at + 1));
  }

  /** Whether this token may be used by the server {@code serverId}. */
  public boolean covers(String serverId) {
    return serverId != null && serverId.startsWith(serverIdPrefix);
  }

  /** Names the prefix only; the token is a secret. */
  @Override
  public String toString() {
    return "ServerToken[serverIdPrefix=" + serverIdPrefix + "]";
  }
}
