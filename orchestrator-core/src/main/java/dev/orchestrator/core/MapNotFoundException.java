package dev.orchestrator.core;

/** No map has the given id. */
public final class MapNotFoundException extends OrchestratorException {
  private static final long serialVersionUID = 1L;
  private final String mapId;

  /** Creates the exception for {@code mapId}. */
  public MapNotFoundException(String mapId) {
    super("map '" + mapId + "' does not exist");
    this.mapId = mapId;
  }

  /** The id that was looked up. */
  public String mapId() {
    return mapId;
  }
}
