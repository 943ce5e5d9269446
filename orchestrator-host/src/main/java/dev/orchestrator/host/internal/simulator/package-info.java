/**
 * The {@code simulate} command: a fleet of simulated game servers, each a {@link
 * dev.orchestrator.host.client.GameServerClient} over a real WebSocket, for demos, CI smoke runs
 * and load measurements against a host on this machine. Not a public API.
 */
package dev.orchestrator.host.internal.simulator;
