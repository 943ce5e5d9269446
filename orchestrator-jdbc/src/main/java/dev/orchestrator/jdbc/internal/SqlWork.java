package dev.orchestrator.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on one connection inside one transaction. */
@FunctionalInterface
public interface SqlWork<T> {
  /** Does the work; thrown exceptions roll the transaction back. */
  T apply(Connection connection) throws SQLException;
}
