package dev.orchestrator.host.internal.dashboard;

/**
 * One event as the stream sends it.
 *
 * @param id the stream's sequence number
 * @param type the event type's wire name
 * @param frame the complete SSE message ({@code id:}, {@code event:}, {@code data:} lines and
 *     the blank line), encoded once for every reader
 */
record StreamEvent(long id, String type, byte[] frame) { }
