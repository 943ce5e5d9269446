package dev.orchestrator.core.protocol;

/** The availability a game server reports in {@link StatusUpdate}. */
public enum ReportedStatus {
  /** Ready for work. */
  IDLE,
  /** Unavailable for new work (with or without a job). */
  BUSY;

  /**
   * Returns the wire spelling, {@code "idle"} or {@code "busy"}.
   *
   * @return the lower-case wire name, never null
   */
  public String wireName() {
    return this == IDLE ? "idle" : "busy";
  }
}
