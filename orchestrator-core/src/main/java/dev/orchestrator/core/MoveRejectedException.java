package dev.orchestrator.core;

import java.util.Locale;

/**
 * A move (or evacuation) that cannot be done as asked; nothing changed. The {@link #reason()}
 * says why and {@link #field()} which input was wrong.
 */
public final class MoveRejectedException extends OrchestratorException {
  private static final long serialVersionUID = 1L;
  private final Reason reason;
  private final String mapId;
  private final String serverId;

  /** Why a move was refused. */
  public enum Reason {
    /** The target server is draining and takes no new work. */
    TARGET_DRAINING("to_server"),
    /** The target server is connected but has stopped heartbeating. */
    TARGET_NOT_RESPONDING("to_server"),
    /** The target already holds the map's lease, or is the server being evacuated. */
    ALREADY_ON_TARGET("to_server"),
    /** The map is in {@code error} or {@code completed}: retry it first. */
    MAP_NOT_MOVABLE("map_id"),
    /** The map changed while it was being moved (its round ended or was taken); look again. */
    MAP_CHANGED("map_id");

    private final String field;

    Reason(String field) {
      this.field = field;
    }

    /** The lower-case name used as the admin API's error code. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Creates the exception; {@code message} names the map and server concerned. */
  public MoveRejectedException(Reason reason, String mapId, String serverId, String message) {
    super(message);
    this.reason = reason;
    this.mapId = mapId;
    this.serverId = serverId;
  }

  /** Why the move was refused. */
  public Reason reason() {
    return reason;
  }

  /** The wire name of the input that was wrong: {@code to_server} or {@code map_id}. */
  public String field() {
    return reason.field;
  }

  /** The map concerned, or {@code null} for a refused evacuation. */
  public String mapId() {
    return mapId;
  }

  /** The target server concerned. */
  public String serverId() {
    return serverId;
  }
}
