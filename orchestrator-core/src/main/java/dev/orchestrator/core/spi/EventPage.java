package dev.orchestrator.core.spi;

import java.util.List;

/**
 * What {@link EventLog#read} found.
 *
 * @param reset whether the reader's position is unusable: older than the log still holds
 *     ({@code afterId < floorId}) or newer than any id it handed out ({@code afterId >
 *     latestId}, an id of another log or of a log that was wiped); {@code events} is then
 *     empty and the reader should re-read the full state and go on from {@code latestId}
 * @param floorId events with an id at or below it are gone; a reader may resume from any
 *     position at or above it without missing an event
 * @param latestId the newest event's id when the page was read, or {@code floorId} if the log
 *     is empty
 * @param events events after the reader's position, oldest first; fewer than asked for only
 *     when no more exist
 */
public record EventPage(boolean reset, long floorId, long latestId, List<LoggedEvent> events) {

  /** Copies {@code events}. */
  public EventPage {
    events = List.copyOf(events);
  }
}
