package dev.orchestrator.core.internal.policy;

import dev.orchestrator.core.policy.ServerCandidate;

/** A server's free capacity while one policy run hands it maps. Not thread-safe. */
final class Slot {
  private final ServerCandidate server;
  private final int index;
  private final double resourceLoad;
  private int used;

  Slot(ServerCandidate server, int index) {
    this.server = server;
    this.index = index;
    this.resourceLoad =
        (server.cpuUsage() == null ? 0 : server.cpuUsage())
            + (server.ramUsage() == null ? 0 : server.ramUsage());
  }

  ServerCandidate server() {
    return server;
  }

  int index() {
    return index;
  }

  double resourceLoad() {
    return resourceLoad;
  }

  double usedShare() {
    return (double) (server.activeJobs() + used) / server.capacity();
  }

  boolean hasRoom() {
    return server.activeJobs() + used < server.capacity();
  }

  void take() {
    used++;
  }
}
