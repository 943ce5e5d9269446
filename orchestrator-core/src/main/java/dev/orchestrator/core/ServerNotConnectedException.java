package dev.orchestrator.core;

/** The server is known but has no open session, so it cannot receive a command. */
public final class ServerNotConnectedException extends OrchestratorException {
  private static final long serialVersionUID = 1L;
  private final String serverId;

  /** Creates the exception for {@code serverId}. */
  public ServerNotConnectedException(String serverId) {
    super("server '" + serverId + "' is not connected");
    this.serverId = serverId;
  }

  /** The server's id. */
  public String serverId() {
    return serverId;
  }
}
