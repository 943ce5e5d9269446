package dev.orchestrator.jdbc.internal;

import dev.orchestrator.core.model.GameServer;
import dev.orchestrator.core.model.ServerStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Rows of the {@code servers} table to {@link GameServer}s and back. */
final class ServerRows {
  static final String COLUMNS =
      "server_id, server_ip, status, labels, capacity, metrics, current_map_ids, total_assigned,"
          + " total_completed, total_failed, connected_at, disconnected_at, last_heartbeat,"
          + " draining, host_id, client_version";

  static final String PLACEHOLDERS = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";

  static final String EXCLUDED_ASSIGNMENTS =
      "server_ip = EXCLUDED.server_ip, status = EXCLUDED.status, labels = EXCLUDED.labels,"
          + " capacity = EXCLUDED.capacity, metrics = EXCLUDED.metrics,"
          + " current_map_ids = EXCLUDED.current_map_ids,"
          + " total_assigned = EXCLUDED.total_assigned,"
          + " total_completed = EXCLUDED.total_completed,"
          + " total_failed = EXCLUDED.total_failed, connected_at = EXCLUDED.connected_at,"
          + " disconnected_at = EXCLUDED.disconnected_at,"
          + " last_heartbeat = EXCLUDED.last_heartbeat, draining = EXCLUDED.draining,"
          + " host_id = EXCLUDED.host_id, client_version = EXCLUDED.client_version";

  private ServerRows() {}

  static GameServer read(ResultSet rows) throws SQLException {
    return new GameServer(
        rows.getString("server_id"),
        rows.getString("server_ip"),
        ServerStatus.fromWire(rows.getString("status")),
        JsonText.labels(rows.getString("labels")),
        rows.getInt("capacity"),
        JsonText.metrics(rows.getString("metrics")),
        JsonText.strings(rows.getString("current_map_ids")),
        rows.getLong("total_assigned"),
        rows.getLong("total_completed"),
        rows.getLong("total_failed"),
        Timestamps.get(rows, "connected_at"),
        Timestamps.get(rows, "disconnected_at"),
        Timestamps.get(rows, "last_heartbeat"),
        rows.getBoolean("draining"),
        rows.getString("host_id"),
        rows.getString("client_version"));
  }

  static void bind(PreparedStatement statement, GameServer server) throws SQLException {
    statement.setString(1, server.serverId());
    statement.setString(2, server.serverIp());
    statement.setString(3, server.status().wireName());
    statement.setString(4, JsonText.write(server.labels()));
    statement.setInt(5, server.capacity());
    statement.setString(6, JsonText.write(server.metrics()));
    statement.setString(7, JsonText.write(server.currentMapIds()));
    statement.setLong(8, server.totalAssigned());
    statement.setLong(9, server.totalCompleted());
    statement.setLong(10, server.totalFailed());
    Timestamps.set(statement, 11, server.connectedAt());
    Timestamps.set(statement, 12, server.disconnectedAt());
    Timestamps.set(statement, 13, server.lastHeartbeat());
    statement.setBoolean(14, server.draining());
    statement.setString(15, server.hostId());
    statement.setString(16, server.clientVersion());
  }
}
