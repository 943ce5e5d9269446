package dev.orchestrator.core.model;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

  private static final Map<String, EventType> BY_NAME = Stream.of(values())
      .collect(Collectors.toUnmodifiableMap(Enum::name, Function.identity()));

  /**
   * The type stored under {@code name} (its {@link #name()}), or empty if this version does not
   * know it: a newer host sharing the store's event log may write types an older one lacks, and
   * readers skip those events instead of failing.
   *
   * @param name a stored type name; null gives empty
   */
  public static Optional<EventType> ofStoredName(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(name));
  }
}
