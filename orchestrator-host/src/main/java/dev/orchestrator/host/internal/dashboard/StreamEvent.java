package dev.orchestrator.host.internal.dashboard;

/**
 * One event as the streams send it, encoded once for every reader.
 *
 * @param id the shared event log's id
 * @param type the event type's wire name
 * @param mapId the map concerned, or null
 * @param serverId the server concerned, or null
 * @param json the event as one JSON object (a WebSocket message, the SSE {@code data} line)
 * @param frame the complete SSE message ({@code id:}, {@code event:}, {@code data:} lines and
 *     the blank line)
 */
record StreamEvent(long id, String type, String mapId, String serverId, String json,
    byte[] frame) { }
