package dev.orchestrator.jdbc.internal;

import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.model.TaskRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Task history in the {@code task_history} table: one row per ended lease. */
public final class HistoryRepository {
  private static final String COLUMNS =
      "job_id, map_id, server_id, round_number, attempt, started_at, ended_at, outcome, error";

  private final Transactions tx;

  /** History on {@code tx}'s database. */
  public HistoryRepository(Transactions tx) {
    this.tx = tx;
  }

  /**
   * Appends {@code record} inside the caller's transaction. The unique job id makes a second record
   * for one lease fail, rolling back the change that tried to end it twice.
   */
  static void append(Connection c, TaskRecord record) throws SQLException {
    appendAll(c, List.of(record));
  }

  /** Appends {@code records} inside the caller's transaction, in one JDBC batch. */
  static void appendAll(Connection c, List<TaskRecord> records) throws SQLException {
    if (records.isEmpty()) {
      return;
    }
    try (PreparedStatement statement =
        c.prepareStatement(
            "INSERT INTO task_history (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (TaskRecord record : records) {
        statement.setString(1, record.jobId());
        statement.setString(2, record.mapId());
        statement.setString(3, record.serverId());
        statement.setLong(4, record.roundNumber());
        statement.setInt(5, record.attempt());
        Timestamps.set(statement, 6, record.startedAt());
        Timestamps.set(statement, 7, record.endedAt());
        statement.setString(8, record.outcome().name().toLowerCase(Locale.ROOT));
        statement.setString(9, record.error());
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  /** The record of {@code jobId} inside the caller's transaction, if any. */
  static Optional<TaskRecord> find(Connection c, String jobId) throws SQLException {
    try (PreparedStatement statement =
        c.prepareStatement("SELECT " + COLUMNS + " FROM task_history WHERE job_id = ?")) {
      statement.setString(1, jobId);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    }
  }

  /** The records of {@code mapId}, newest first; ties keep insertion order reversed. */
  public List<TaskRecord> history(String mapId, int limit) {
    return tx.inTransaction(
        "read history of map '" + mapId + "'",
        c -> {
          try (PreparedStatement statement =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM task_history WHERE map_id = ?"
                      + " ORDER BY ended_at DESC, seq DESC LIMIT ?")) {
            statement.setString(1, mapId);
            statement.setInt(2, limit);
            List<TaskRecord> records = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                records.add(read(rows));
              }
            }
            return records;
          }
        });
  }

  /** The record of {@code jobId}, if its lease has ended and the record was not purged. */
  public Optional<TaskRecord> findTask(String jobId) {
    return tx.inTransaction("find task '" + jobId + "'", c -> find(c, jobId));
  }

  /** Deletes records that ended before {@code cutoff}; returns how many. */
  public long purge(Instant cutoff) {
    return tx.inTransaction(
        "purge history",
        c -> {
          try (PreparedStatement statement =
              c.prepareStatement("DELETE FROM task_history WHERE ended_at < ?")) {
            Timestamps.set(statement, 1, cutoff);
            return (long) statement.executeUpdate();
          }
        });
  }

  private static TaskRecord read(ResultSet rows) throws SQLException {
    return new TaskRecord(
        rows.getString("job_id"),
        rows.getString("map_id"),
        rows.getString("server_id"),
        rows.getLong("round_number"),
        rows.getInt("attempt"),
        Timestamps.get(rows, "started_at"),
        Timestamps.get(rows, "ended_at"),
        TaskOutcome.valueOf(rows.getString("outcome").toUpperCase(Locale.ROOT)),
        rows.getString("error"));
  }
}
