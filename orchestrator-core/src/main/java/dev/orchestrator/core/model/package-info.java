/**
 * Immutable value types of the orchestrator: maps, servers, leases, task records and
 * events. Public API: embedders, stores and transports depend on these.
 */
package dev.orchestrator.core.model;
