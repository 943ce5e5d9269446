/** The engine's implementation. Internal: may change in any release; do not depend on it. */
package dev.orchestrator.core.internal;
