package dev.orchestrator.core;

/**
 * What a transport feeds a connection's traffic into. Returned by {@link
 * Orchestrator#attach(ServerSession)}. Both methods return at once: the work runs on the
 * orchestrator's threads, in order per server, so transport threads never wait on the store.
 */
public interface SessionHandle {

  /** A text frame arrived. Oversized, malformed or excessive frames are answered here. */
  void onText(String frame);

  /**
   * The connection closed. A server that did not say {@code disconnect} keeps its leases for
   * the reconnect grace.
   *
   * @param code the close code
   * @param reason the close reason, may be empty
   */
  void onClose(int code, String reason);
}
