/**
 * Assignment policies: pure functions that pair due maps with free servers. Public API and
 * extension point; write your own and test it with plain JUnit, no store or engine needed.
 */
package dev.orchestrator.core.policy;
