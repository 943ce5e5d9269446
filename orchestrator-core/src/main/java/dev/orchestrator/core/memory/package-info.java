/** The in-memory store: for one host, tests, and embedders who keep nothing across restarts. */
package dev.orchestrator.core.memory;
