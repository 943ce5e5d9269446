package dev.orchestrator.jdbc.internal;

import dev.orchestrator.core.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Runs each store operation as one transaction and turns {@link SQLException}s into {@link
 * StoreUnavailableException}. A transaction the database aborted to resolve a conflict (deadlock,
 * serialization failure, lock timeout) changed nothing, so it is run again a few times before the
 * caller sees an error.
 */
public final class Transactions {
  private static final int MAX_ATTEMPTS = 4;
  private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "HYT00");
  private static final Set<Integer> TRANSIENT_H2_CODES = Set.of(40001, 50200, 90131);

  private final DataSource dataSource;

  /** Runs transactions on connections from {@code dataSource}. */
  public Transactions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The data source the transactions run on. */
  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * Runs {@code work} in one transaction.
   *
   * @param operation what is being done, for the error message
   * @throws StoreUnavailableException if the database fails or cannot be reached
   */
  public <T> T inTransaction(String operation, SqlWork<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return once(work);
      } catch (SQLException e) {
        if (attempt == MAX_ATTEMPTS || !isTransient(e)) {
          throw unavailable(operation, e);
        }
      }
    }
  }

  /** Wraps a failure of {@code operation} in the SPI's exception. */
  public static StoreUnavailableException unavailable(String operation, SQLException e) {
    return new StoreUnavailableException(
        operation + " failed: " + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
  }

  /** Whether {@code e} is a unique-key violation. */
  public static boolean isDuplicateKey(SQLException e) {
    return "23505".equals(e.getSQLState()) || e.getErrorCode() == 23505;
  }

  private <T> T once(SqlWork<T> work) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        T result = work.apply(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollback(connection, e);
        throw e;
      } finally {
        restore(connection, autoCommit);
      }
    }
  }

  private static void rollback(Connection connection, Throwable cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static void restore(Connection connection, boolean autoCommit) {
    try {
      if (!connection.isClosed()) {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException ignored) {
      // The connection is broken; the pool discards it when it is closed.
    }
  }

  private static boolean isTransient(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql
          && ((sql.getSQLState() != null && TRANSIENT_STATES.contains(sql.getSQLState()))
              || TRANSIENT_H2_CODES.contains(sql.getErrorCode()))) {
        return true;
      }
    }
    return false;
  }
}
