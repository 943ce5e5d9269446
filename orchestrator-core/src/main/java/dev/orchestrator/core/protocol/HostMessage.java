package dev.orchestrator.core.protocol;

/**
 * A message the host sends to a game server. The host encodes these with {@link
 * ProtocolCodec#encode(Message)}; clients decode them with {@link
 * ProtocolCodec#decodeHost(String)}. Implementations are immutable and thread-safe.
 */
public sealed interface HostMessage extends Message
    permits Welcome, AssignJob, Command, Ack, ProtocolError {}
