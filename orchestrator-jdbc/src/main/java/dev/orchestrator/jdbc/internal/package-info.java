/**
 * Implementation of the JDBC store: dialects, SQL, row mappers, schema management, signals and the
 * database clock. Not an API: anything here may change in any release; depend on {@link
 * dev.orchestrator.jdbc.JdbcStore} instead.
 */
package dev.orchestrator.jdbc.internal;
