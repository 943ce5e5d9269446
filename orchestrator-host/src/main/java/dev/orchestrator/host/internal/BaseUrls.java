package dev.orchestrator.host.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/** Checks URLs that name a server and nothing below it: browser origins, reconnect targets. */
public final class BaseUrls {
  private BaseUrls() {}

  /**
   * The value as {@code scheme://host[:port]} in lower case. A trailing {@code /} is tolerated,
   * because people copy such URLs from an address bar.
   *
   * @param name the option or field to name in the error
   * @param schemes the schemes allowed, in lower case
   * @param form how to write a good value, for the error
   * @throws IllegalArgumentException naming {@code name}, the form and the value, if it has
   *     another scheme, no host, or a path, query, fragment or user
   */
  public static String check(String name, String value, Set<String> schemes, String form) {
    String problem = name + " must be " + form + ", got '" + value + "'";
    if (value == null) {
      throw new IllegalArgumentException(problem);
    }
    URI uri;
    try {
      uri = new URI(value.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(problem, e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty()
        || uri.getRawPath().equals("/"))
        && uri.getRawQuery() == null && uri.getRawFragment() == null
        && uri.getRawUserInfo() == null;
    if (!schemes.contains(scheme) || uri.getHost() == null || !bare) {
      throw new IllegalArgumentException(problem);
    }
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT)
        + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }

  /** A drain's reconnect target: {@code ws://} or {@code wss://} host and port. */
  public static String reconnectUrl(String name, String value) {
    return check(name, value, Set.of("ws", "wss"), "ws://HOST[:PORT] or wss://HOST[:PORT] (no"
        + " path or query; clients add /ws/server/{server_id}/)");
  }
}
