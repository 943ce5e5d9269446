package dev.orchestrator.core.model;

import java.util.Locale;

/** How a lease ended; each lease ends in exactly one {@link TaskRecord} with one outcome. */
public enum TaskOutcome {
  /** The server reported {@code job_done}. */
  COMPLETED,
  /** The server reported a failure, or left (disconnect, grace expired) holding the lease. */
  FAILED,
  /** The lease passed its deadline. */
  TIMEOUT,
  /** An operator took the map away (delete, move). */
  REVOKED;

  /** The lower-case name used in the admin API. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
