/**
 * Example: a custom assignment policy (region affinity, then CPU headroom) and how to test one.
 * Example code to read and copy, not a library to depend on.
 */
package dev.orchestrator.examples.policy;
