package dev.orchestrator.core.model;

import java.util.Map;

/**
 * Resource figures a server reported, as percentages 0-100. The idle and max figures follow
 * the seed: usage seen while idle, and the highest usage seen.
 *
 * @param cpuUsage latest cpu usage, or {@code null} if never reported
 * @param ramUsage latest ram usage, or {@code null}
 * @param diskUsage latest disk usage, or {@code null}
 * @param idleCpuUsage cpu usage last seen while idle, or {@code null}
 * @param idleRamUsage ram usage last seen while idle, or {@code null}
 * @param maxCpuUsage highest cpu usage seen, or {@code null}
 * @param maxRamUsage highest ram usage seen, or {@code null}
 * @param custom other named numbers the server reports
 */
public record ServerMetrics(
    Double cpuUsage,
    Double ramUsage,
    Double diskUsage,
    Double idleCpuUsage,
    Double idleRamUsage,
    Double maxCpuUsage,
    Double maxRamUsage,
    Map<String, Double> custom) {

  /** No figures yet. */
  public static final ServerMetrics NONE =
      new ServerMetrics(null, null, null, null, null, null, null, Map.of());

  /** Copies {@code custom}. */
  public ServerMetrics {
    custom = custom == null ? Map.of() : Map.copyOf(custom);
  }

  /**
   * These metrics after a heartbeat; absent figures keep their last value.
   *
   * @param idle whether the server was idle when it reported
   */
  public ServerMetrics update(
      Double cpu, Double ram, Double disk, Map<String, Double> reported, boolean idle) {
    Double newCpu = cpu != null ? cpu : cpuUsage;
    Double newRam = ram != null ? ram : ramUsage;
    return new ServerMetrics(
        newCpu,
        newRam,
        disk != null ? disk : diskUsage,
        idle && cpu != null ? cpu : idleCpuUsage,
        idle && ram != null ? ram : idleRamUsage,
        max(maxCpuUsage, cpu),
        max(maxRamUsage, ram),
        reported == null || reported.isEmpty() ? custom : reported);
  }

  private static Double max(Double current, Double reported) {
    if (reported == null) {
      return current;
    }
    return current == null ? reported : Math.max(current, reported);
  }
}
