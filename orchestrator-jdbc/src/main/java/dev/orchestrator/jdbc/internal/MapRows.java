package dev.orchestrator.jdbc.internal;

import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.Lease;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.model.PendingMove;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/** Rows of the {@code maps} table to {@link GameMap}s and back. */
final class MapRows {
  /** The columns a new map is inserted with; a new map has no pending move. */
  static final String INSERT_COLUMNS =
      "map_id, season_id, round_id, current_round_number, next_round_time, status, priority,"
          + " labels, map_config, attempt, job_id, lease_server_id, lease_attempt, lease_round,"
          + " lease_assigned_at, lease_deadline, last_processed, last_error, created_at, version";

  /** Every column of a map, as read back. */
  static final String COLUMNS = INSERT_COLUMNS + ", move_to, move_round, move_attempt";

  static final String INSERT =
      "INSERT INTO maps ("
          + INSERT_COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
          + " ?, ?, ?, ?)";

  /** Writes every column a state change may touch, guarded by the version the change saw. */
  static final String UPDATE_STATE =
      "UPDATE maps SET current_round_number = ?, next_round_time = ?, status = ?, attempt = ?,"
          + " job_id = ?, lease_server_id = ?, lease_attempt = ?, lease_round = ?,"
          + " lease_assigned_at = ?, lease_deadline = ?, last_processed = ?, last_error = ?,"
          + " version = ? WHERE map_id = ? AND version = ?";

  /** {@link #UPDATE_STATE} plus the pending move, for the changes that set or drop it. */
  static final String UPDATE_STATE_AND_MOVE =
      "UPDATE maps SET current_round_number = ?, next_round_time = ?, status = ?, attempt = ?,"
          + " job_id = ?, lease_server_id = ?, lease_attempt = ?, lease_round = ?,"
          + " lease_assigned_at = ?, lease_deadline = ?, last_processed = ?, last_error = ?,"
          + " version = ?, move_to = ?, move_round = ?, move_attempt = ?"
          + " WHERE map_id = ? AND version = ?";

  private MapRows() {}

  static GameMap read(ResultSet rows) throws SQLException {
    String mapId = rows.getString("map_id");
    String jobId = rows.getString("job_id");
    Lease lease =
        jobId == null
            ? null
            : new Lease(
                jobId,
                mapId,
                rows.getString("lease_server_id"),
                rows.getInt("lease_attempt"),
                rows.getLong("lease_round"),
                Timestamps.get(rows, "lease_assigned_at"),
                Timestamps.get(rows, "lease_deadline"));
    return new GameMap(
        mapId,
        rows.getString("season_id"),
        rows.getLong("round_id"),
        rows.getLong("current_round_number"),
        Timestamps.get(rows, "next_round_time"),
        MapStatus.fromWire(rows.getString("status")),
        rows.getInt("priority"),
        JsonText.labels(rows.getString("labels")),
        rows.getString("map_config"),
        rows.getInt("attempt"),
        lease,
        Timestamps.get(rows, "last_processed"),
        rows.getString("last_error"),
        Timestamps.get(rows, "created_at"),
        rows.getLong("version"),
        pendingMove(rows));
  }

  private static PendingMove pendingMove(ResultSet rows) throws SQLException {
    String target = rows.getString("move_to");
    return target == null
        ? null
        : new PendingMove(target, rows.getLong("move_round"), rows.getInt("move_attempt"));
  }

  static void bindInsert(PreparedStatement statement, GameMap map) throws SQLException {
    statement.setString(1, map.mapId());
    statement.setString(2, map.seasonId());
    statement.setLong(3, map.roundId());
    statement.setLong(4, map.currentRoundNumber());
    Timestamps.set(statement, 5, map.nextRoundTime());
    statement.setString(6, map.status().wireName());
    statement.setInt(7, map.priority());
    statement.setString(8, JsonText.write(map.labels()));
    statement.setString(9, map.mapConfig());
    statement.setInt(10, map.attempt());
    bindLease(statement, 11, map.lease());
    Timestamps.set(statement, 17, map.lastProcessed());
    statement.setString(18, map.lastError());
    Timestamps.set(statement, 19, map.createdAt());
    statement.setLong(20, map.version());
  }

  static void bindUpdate(PreparedStatement statement, GameMap before, GameMap after)
      throws SQLException {
    statement.setLong(1, after.currentRoundNumber());
    Timestamps.set(statement, 2, after.nextRoundTime());
    statement.setString(3, after.status().wireName());
    statement.setInt(4, after.attempt());
    bindLease(statement, 5, after.lease());
    Timestamps.set(statement, 11, after.lastProcessed());
    statement.setString(12, after.lastError());
    statement.setLong(13, after.version());
    statement.setString(14, before.mapId());
    statement.setLong(15, before.version());
  }

  static void bindUpdateAndMove(PreparedStatement statement, GameMap before, GameMap after)
      throws SQLException {
    bindUpdate(statement, before, after);
    PendingMove move = after.pendingMove();
    statement.setString(14, move == null ? null : move.serverId());
    if (move == null) {
      statement.setNull(15, Types.BIGINT);
      statement.setNull(16, Types.INTEGER);
    } else {
      statement.setLong(15, move.round());
      statement.setInt(16, move.attempt());
    }
    statement.setString(17, before.mapId());
    statement.setLong(18, before.version());
  }

  /** Binds the six lease columns starting at {@code first}. */
  private static void bindLease(PreparedStatement statement, int first, Lease lease)
      throws SQLException {
    if (lease == null) {
      statement.setNull(first, Types.VARCHAR);
      statement.setNull(first + 1, Types.VARCHAR);
      statement.setNull(first + 2, Types.INTEGER);
      statement.setNull(first + 3, Types.BIGINT);
      Timestamps.set(statement, first + 4, null);
      Timestamps.set(statement, first + 5, null);
    } else {
      statement.setString(first, lease.jobId());
      statement.setString(first + 1, lease.serverId());
      statement.setInt(first + 2, lease.attempt());
      statement.setLong(first + 3, lease.roundNumber());
      Timestamps.set(statement, first + 4, lease.assignedAt());
      Timestamps.set(statement, first + 5, lease.deadline());
    }
  }
}
