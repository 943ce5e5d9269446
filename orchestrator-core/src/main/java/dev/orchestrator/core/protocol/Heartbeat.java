package dev.orchestrator.core.protocol;

import java.util.Map;

/**
 * {@code heartbeat}: liveness plus optional resource metrics, sent every few seconds. An empty
 * heartbeat ({@code {"type":"heartbeat"}}) is valid. Immutable and thread-safe.
 *
 * @param cpuUsage CPU use in percent, 0 to 100 ({@code cpu_usage}); null when not reported
 * @param ramUsage RAM use in percent, 0 to 100 ({@code ram_usage}); null when not reported
 * @param diskUsage disk use in percent, 0 to 100 ({@code disk_usage}); null when not reported
 * @param metrics further named metrics with finite values; never null (null becomes empty)
 */
public record Heartbeat(
    Double cpuUsage, Double ramUsage, Double diskUsage, Map<String, Double> metrics)
    implements ClientMessage {
  /** Wire name of this message. */
  public static final String TYPE = "heartbeat";

  /**
   * Validates and copies the components.
   *
   * @throws IllegalArgumentException if a usage is outside 0..100 or NaN, or a metric is null or
   *     not finite
   */
  public Heartbeat {
    Check.optionalPercent("cpu_usage", cpuUsage);
    Check.optionalPercent("ram_usage", ramUsage);
    Check.optionalPercent("disk_usage", diskUsage);
    metrics = Check.metrics("metrics", metrics);
  }

  /** Returns {@value #TYPE}. */
  @Override
  public String type() {
    return TYPE;
  }
}
