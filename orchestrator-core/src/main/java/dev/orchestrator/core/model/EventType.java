package dev.orchestrator.core.model;

import java.util.Locale;

/** What an {@link OrchestratorEvent} reports. */
public enum EventType {
  SERVER_CONNECTED,
  SERVER_DISCONNECTED,
  SERVER_STATUS,
  SERVER_HEARTBEAT,
  MAP_CREATED,
  MAP_DELETED,
  MAP_RETRIED,
  JOB_ASSIGNED,
  JOB_COMPLETED,
  JOB_FAILED,
  JOB_TIMED_OUT,
  JOB_REQUEUED,
  JOB_REVOKED,
  MAP_ERROR,
  MAP_MOVED,
  COMMAND_SENT;

  /** The lower-case name used in event streams. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
