package dev.orchestrator.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a connection the caller owns and closes, outside any pool's accounting. */
@FunctionalInterface
public interface ConnectionFactory {
  /** A new open connection. */
  Connection open() throws SQLException;
}
