/**
 * A minimal game-server client for JVM game servers (for example Minecraft-style servers):
 * {@link dev.orchestrator.host.client.GameServerClient} connects to a host over WebSocket,
 * speaks the wire contract (hello, heartbeats, jobs, commands, graceful disconnect) and
 * reconnects with backoff, resuming the job the host still leases to it. Users may depend on
 * this package.
 */
package dev.orchestrator.host.client;
