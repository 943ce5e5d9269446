/** Sessions and budgets the store benchmarks share; in core's test-jar. */
package dev.orchestrator.core.benchkit;
