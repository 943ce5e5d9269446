package dev.orchestrator.core.protocol;

/**
 * {@code status_update}: the game server says whether it takes new work. Immutable and thread-safe.
 *
 * @param status the reported status, never null; on the wire {@code "status": "idle"|"busy"}
 */
public record StatusUpdate(ReportedStatus status) implements ClientMessage {
  /** Wire name of this message. */
  public static final String TYPE = "status_update";

  /**
   * Validates the status.
   *
   * @throws IllegalArgumentException if status is null
   */
  public StatusUpdate {
    Check.notNull("status", status);
  }

  /** Returns {@value #TYPE}. */
  @Override
  public String type() {
    return TYPE;
  }
}
