/**
 * Example: a game backend that embeds the orchestrator with the JDBC store on H2, its own
 * Java-WebSocket endpoint for game servers and a {@code POST /maps} call. Example code to read
 * and copy, not a library to depend on.
 */
package dev.orchestrator.examples.backend;
