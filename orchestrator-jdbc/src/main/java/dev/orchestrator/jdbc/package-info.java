/**
 * A JDBC store for the orchestrator: {@link dev.orchestrator.jdbc.JdbcStore}, on embedded H2 (one
 * host) or PostgreSQL (several hosts sharing one database). Build it with {@link
 * dev.orchestrator.jdbc.JdbcStore#builder()}. This package is the module's API; {@code
 * dev.orchestrator.jdbc.internal} is not.
 */
package dev.orchestrator.jdbc;
