package dev.orchestrator.core;

/** What a reported result ({@code job_done} or the admin result call) did. */
public enum ResultOutcome {
  /** The round was counted. */
  APPLIED,
  /** The round had been counted before; acknowledged again, nothing changed. */
  DUPLICATE,
  /** The job is not the map's current lease; nothing changed. */
  STALE,
  /** No such map; nothing changed. */
  UNKNOWN_MAP
}
