package dev.orchestrator.core.protocol;

/**
 * A message a game server sends to the host. The host decodes these with {@link
 * ProtocolCodec#decodeClient(String)}; clients encode them with {@link
 * ProtocolCodec#encode(Message)}. Implementations are immutable and thread-safe.
 */
public sealed interface ClientMessage extends Message
    permits Hello, Heartbeat, StatusUpdate, JobDone, JobFailed, ErrorReport, Progress, Disconnect {}
