package dev.orchestrator.core;

/**
 * One open connection of a game server, implemented by a transport (the host's Java-WebSocket
 * server, or an embedder's Netty, Spring or plain-socket endpoint). The orchestrator calls it
 * from its own threads.
 */
public interface ServerSession {

  /** The id the server connected as (from the URL). Never null. */
  String serverId();

  /** The peer's address as text, or {@code null} if unknown. */
  String remoteAddress();

  /**
   * Sends one text frame. Must be thread-safe and must not block on the network; a frame
   * that cannot be sent because the connection closed is dropped.
   */
  void send(String frame);

  /**
   * Closes the connection with a WebSocket close code (1000 normal, 1001 going away, 1008
   * policy, 1009 too big, 4000 replaced). Idempotent.
   */
  void close(int code, String reason);
}
