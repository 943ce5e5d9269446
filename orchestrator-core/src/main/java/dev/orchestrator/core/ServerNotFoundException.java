package dev.orchestrator.core;

/** No server with the given id has ever registered. */
public final class ServerNotFoundException extends OrchestratorException {
  private static final long serialVersionUID = 1L;
  private final String serverId;

  /** Creates the exception for {@code serverId}. */
  public ServerNotFoundException(String serverId) {
    super("server '" + serverId + "' is not known");
    this.serverId = serverId;
  }

  /** The id that was looked up. */
  public String serverId() {
    return serverId;
  }
}
