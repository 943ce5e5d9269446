/**
 * The live dashboard and its event stream: an in-memory journal of the orchestrator's events
 * (a bounded ring with coalesced heartbeats), the Server-Sent Events endpoint {@code
 * /api/events/} with short-lived query tokens for browsers, and the static page served at
 * {@code /}. Internal: not a stable API.
 */
package dev.orchestrator.host.internal.dashboard;
