package dev.orchestrator.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A game server as the registry knows it.
 *
 * @param serverId unique server id
 * @param serverIp the address it reported (or connected from), or {@code null}
 * @param status its state
 * @param labels what it offers; a map's labels must all be present with equal values
 * @param capacity how many jobs it runs at once (at least 1)
 * @param metrics the resource figures it reported
 * @param currentMapIds the maps it holds leases on
 * @param totalAssigned jobs ever assigned to it
 * @param totalCompleted jobs it completed
 * @param totalFailed jobs it failed, or lost by leaving or timing out
 * @param connectedAt when it last connected, or {@code null}
 * @param disconnectedAt when it last disconnected, or {@code null}
 * @param lastHeartbeat when it last sent anything, or {@code null}
 * @param draining whether it finishes its jobs but takes no new ones
 * @param hostId the host its socket is attached to, or {@code null} when offline
 * @param clientVersion the version it reported in {@code hello}, or {@code null}
 */
public record GameServer(
    String serverId,
    String serverIp,
    ServerStatus status,
    Map<String, String> labels,
    int capacity,
    ServerMetrics metrics,
    List<String> currentMapIds,
    long totalAssigned,
    long totalCompleted,
    long totalFailed,
    Instant connectedAt,
    Instant disconnectedAt,
    Instant lastHeartbeat,
    boolean draining,
    String hostId,
    String clientVersion) {

  /** Validates and copies. */
  public GameServer {
    Ids.requireId("server_id", serverId);
    Objects.requireNonNull(status, "status");
    labels = Ids.labels("labels", labels);
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    metrics = metrics == null ? ServerMetrics.NONE : metrics;
    currentMapIds = currentMapIds == null ? List.of() : List.copyOf(currentMapIds);
  }

  /** Whether it has slots free, is connected and responding, and takes work. */
  public boolean isAvailable() {
    return status == ServerStatus.IDLE && !draining && currentMapIds.size() < capacity;
  }
}
