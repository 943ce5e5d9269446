package dev.orchestrator.core;

/** A map with the given id exists already. */
public final class MapExistsException extends OrchestratorException {
  private static final long serialVersionUID = 1L;
  private final String mapId;

  /** Creates the exception for {@code mapId}. */
  public MapExistsException(String mapId) {
    super("map '" + mapId + "' exists already");
    this.mapId = mapId;
  }

  /** The id that is taken. */
  public String mapId() {
    return mapId;
  }
}
