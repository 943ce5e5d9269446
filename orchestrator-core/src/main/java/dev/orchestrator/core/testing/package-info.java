/**
 * Helpers to drive an orchestrator by hand in tests: a clock you set and a scheduler that
 * runs due work when you advance it. Public API for embedders' tests.
 */
package dev.orchestrator.core.testing;
