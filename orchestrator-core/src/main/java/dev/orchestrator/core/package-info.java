/**
 * The orchestrator's public API: the {@link dev.orchestrator.core.Orchestrator} facade, its
 * builder and settings, the {@link dev.orchestrator.core.ServerSession} a transport
 * implements, and the exceptions callers can act on.
 */
package dev.orchestrator.core;
