package dev.orchestrator.core.policy;

import java.util.Map;
import java.util.Objects;

/**
 * A server that can take work, as a policy sees it.
 *
 * @param serverId the server
 * @param labels what it offers
 * @param capacity how many jobs it runs at once
 * @param activeJobs how many it runs now (less than {@code capacity})
 * @param cpuUsage latest cpu usage 0-100, or {@code null} if never reported
 * @param ramUsage latest ram usage 0-100, or {@code null}
 * @param metrics other numbers it reports (e.g. a region code, a player count)
 */
public record ServerCandidate(
    String serverId,
    Map<String, String> labels,
    int capacity,
    int activeJobs,
    Double cpuUsage,
    Double ramUsage,
    Map<String, Double> metrics) {

  /** Validates and copies. */
  public ServerCandidate {
    Objects.requireNonNull(serverId, "serverId");
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    if (activeJobs < 0) {
      throw new IllegalArgumentException("activeJobs must be >= 0, got " + activeJobs);
    }
  }

  /** A one-slot idle server with labels and no metrics. */
  public static ServerCandidate of(String serverId, Map<String, String> labels) {
    return new ServerCandidate(serverId, labels, 1, 0, null, null, Map.of());
  }

  /** Free slots. */
  public int freeSlots() {
    return Math.max(0, capacity - activeJobs);
  }

  /** Whether every label {@code required} is present here with an equal value. */
  public boolean satisfies(Map<String, String> required) {
    return labels.entrySet().containsAll(required.entrySet());
  }
}
