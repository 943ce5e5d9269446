package dev.orchestrator.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends this host's servers elsewhere before it stops: they take no new work here and each is
 * told to {@code reconnect}, without losing its leases.
 */
final class HandOff {
  static final String RECONNECT = "reconnect";
  private final Engine engine;
  private final ObjectMapper json = new ObjectMapper();
  // The command's params once a hand-off has begun; null before.
  private volatile String params;

  HandOff(Engine engine) {
    this.engine = engine;
  }

  boolean isActive() {
    return params != null;
  }

  int start(String reconnectUrl) {
    params = reconnectUrl == null ? "{}"
        : json.createObjectNode().put("url", reconnectUrl).toString();
    List<AttachedServer> attached = new ArrayList<>();
    for (AttachedServer server : engine.servers.values()) {
      if (server.channel() != null) {
        server.setDraining(true);
        attached.add(server);
      }
    }
    // Behind any pass under way: its assign_job frames go out before the reconnect command, and
    // its claims are committed before the server can ask another host for its leases.
    engine.assignment.afterPass(() -> attached.forEach(this::tell));
    return attached.size();
  }

  /** A session opened during the hand-off: welcomed as usual, then told to leave too. */
  void opened(AttachedServer server) {
    if (params != null) {
      tell(server);
    }
  }

  private void tell(AttachedServer server) {
    engine.commands.sendHere(server, RECONNECT, params);
  }
}
