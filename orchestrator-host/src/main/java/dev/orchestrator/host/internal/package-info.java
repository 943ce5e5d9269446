/**
 * The host's internals: the Java-WebSocket adapter, the admin HTTP routes, metrics, logging and
 * the picocli command. Not a public API; users must not depend on it.
 */
package dev.orchestrator.host.internal;
