package dev.orchestrator.core.protocol;

/**
 * One frame of the game-server protocol. Implementations are immutable records, safe to share
 * between threads; {@link ProtocolCodec} turns them into JSON text and back.
 */
public sealed interface Message permits ClientMessage, HostMessage {
  /**
   * Returns the wire name of this message, the value of its {@code "type"} field (for example
   * {@code "heartbeat"}). Never null.
   *
   * @return the wire name
   */
  String type();
}
