package dev.orchestrator.host.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The game-server URL {@code /ws/server/{server_id}/[?token=...]}, parsed from a handshake's
 * resource descriptor.
 *
 * @param status 0 when the URL is valid, else the HTTP status to refuse it with
 * @param serverId the id, when valid
 * @param queryToken the {@code token} query parameter, or null
 * @param problem why it was refused, for the response body
 */
record ServerPath(int status, String serverId, String queryToken, String problem) {
  private static final Pattern PATH = Pattern.compile("/ws/server/([^/]*)/?");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

  static ServerPath parse(String descriptor) {
    String path = descriptor == null ? "" : descriptor;
    String query = null;
    int q = path.indexOf('?');
    if (q >= 0) {
      query = path.substring(q + 1);
      path = path.substring(0, q);
    }
    Matcher m = PATH.matcher(path);
    if (!m.matches()) {
      return new ServerPath(404, null, null, "no such endpoint; connect to /ws/server/{server_id}/");
    }
    String id = m.group(1);
    if (!ID.matcher(id).matches()) {
      return new ServerPath(400, null, null,
          "server_id must be 1-128 characters of letters, digits, _ . : -");
    }
    return new ServerPath(0, id, token(query), null);
  }

  private static String token(String query) {
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith("token=")) {
        try {
          return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
          return "";
        }
      }
    }
    return null;
  }
}
