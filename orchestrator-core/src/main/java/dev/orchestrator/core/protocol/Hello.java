package dev.orchestrator.core.protocol;

import java.util.Map;

/**
 * {@code hello}: the optional first frame of a game server, describing it for assignment policies.
 * Immutable and thread-safe.
 *
 * @param serverIp the address the server reports for itself ({@code server_ip}); may be null
 * @param capacity how many jobs the server runs at once, 1 to 1024 (wire default 1)
 * @param labels free-form labels used for affinity; never null (null becomes empty). On the wire,
 *     number and boolean values are accepted and kept as their JSON text
 * @param version the client's own version string; may be null
 */
public record Hello(String serverIp, int capacity, Map<String, String> labels, String version)
    implements ClientMessage {
  /** Wire name of this message. */
  public static final String TYPE = "hello";

  /**
   * Validates and copies the components.
   *
   * @throws IllegalArgumentException if capacity is out of range or labels hold a null key or value
   */
  public Hello {
    Check.intRange("capacity", capacity, Check.MIN_CAPACITY, Check.MAX_CAPACITY);
    labels = Check.labels("labels", labels);
  }

  /** Returns {@value #TYPE}. */
  @Override
  public String type() {
    return TYPE;
  }
}
