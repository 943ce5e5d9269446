/**
 * The runnable host: {@link dev.orchestrator.host.HostMain} is the command line, {@link
 * dev.orchestrator.host.Host} runs the game-server WebSocket listener and the admin HTTP API
 * around one {@link dev.orchestrator.core.Orchestrator}, configured by an immutable {@link
 * dev.orchestrator.host.HostConfig}. Users may depend on this package; everything else in the
 * module lives in {@code internal} and may change without notice.
 */
package dev.orchestrator.host;
