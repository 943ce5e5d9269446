package dev.orchestrator.host.client;

import dev.orchestrator.core.protocol.Ack;
import dev.orchestrator.core.protocol.Command;
import dev.orchestrator.core.protocol.ProtocolError;
import dev.orchestrator.core.protocol.Welcome;
import java.time.Duration;

/**
 * What happens to a {@link GameServerClient}'s connection, for logging, metrics and commands.
 * Every method has an empty default. Called on the client's socket thread: return quickly.
 */
public interface ClientListener {
  /** A session opened: the host sent {@code welcome}. */
  default void onConnected(Welcome welcome) {}

  /**
   * An attempt to connect failed before the WebSocket opened (refused, timed out, HTTP 401).
   *
   * @param reason what failed (refused, timed out, {@code handshake refused: HTTP 401 ...})
   * @param attempt how many attempts in a row have failed, from 1
   */
  default void onConnectFailed(String reason, int attempt) {}

  /**
   * An open session closed.
   *
   * @param code the WebSocket close code (1006 when the socket dropped without a close frame)
   * @param reason the close reason, possibly empty
   * @param byClient true when this client closed it ({@link GameServerClient#close}, {@link
   *     GameServerClient#dropConnection}, a {@code reconnect} command)
   * @param willReconnect whether the client will try again
   */
  default void onDisconnected(int code, String reason, boolean byClient, boolean willReconnect) {}

  /**
   * The host answered the ping the client sends with every heartbeat: how long the round trip
   * through the host's socket took (a measure of how quickly the host reads its sockets).
   */
  default void onHeartbeatRoundTrip(Duration roundTrip) {}

  /** The host acknowledged a {@code job_done} or {@code job_failed}. */
  default void onAck(Ack ack) {}

  /**
   * The host refused a result this client sent, for example {@code stale_job} because the lease
   * had already moved on; the result is not sent again.
   *
   * @param jobId the job whose result was refused
   * @param error the host's answer
   */
  default void onResultRefused(String jobId, ProtocolError error) {}

  /** The host refused some other frame this client sent. */
  default void onProtocolError(ProtocolError error) {}

  /**
   * An operator's command. {@code cancel_job} has already been applied (see {@link
   * JobHandler#onCancel}) when this is called; other actions are the game server's to carry
   * out.
   */
  default void onCommand(Command command) {}
}
