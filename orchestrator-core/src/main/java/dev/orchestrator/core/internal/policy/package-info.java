/** The built-in policies' implementation. Internal: use {@code AssignmentPolicies}. */
package dev.orchestrator.core.internal.policy;
