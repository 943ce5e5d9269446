package dev.orchestrator.core.protocol;

/**
 * {@code welcome}: the host's first frame on a new session. Immutable and thread-safe.
 *
 * @param protocol the protocol version the host speaks, at least 1 (currently {@value
 *     ProtocolCodec#PROTOCOL_VERSION})
 * @param serverId the id the server connected as ({@code server_id}); 1 to 128 characters of {@code
 *     [A-Za-z0-9_.:-]}
 * @param sessionId this connection's id ({@code session_id}); non-blank, at most 256 characters
 * @param heartbeatIntervalS seconds between heartbeats the host expects ({@code
 *     heartbeat_interval_s}), at least 1
 * @param currentJob the job still leased to this server, which a reconnecting server should resume
 *     ({@code current_job}); null when there is none. On the wire it is a full {@code assign_job}
 *     object, {@code "type"} included
 */
public record Welcome(
    int protocol, String serverId, String sessionId, long heartbeatIntervalS, AssignJob currentJob)
    implements HostMessage {
  /** Wire name of this message. */
  public static final String TYPE = "welcome";

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if a component is out of range or an id is invalid
   */
  public Welcome {
    Check.intRange("protocol", protocol, 1, Integer.MAX_VALUE);
    Check.serverId("server_id", serverId);
    Check.id("session_id", sessionId);
    Check.atLeast("heartbeat_interval_s", heartbeatIntervalS, 1);
  }

  /** Returns {@value #TYPE}. */
  @Override
  public String type() {
    return TYPE;
  }
}
