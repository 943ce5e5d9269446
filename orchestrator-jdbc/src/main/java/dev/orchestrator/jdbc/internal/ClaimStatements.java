package dev.orchestrator.jdbc.internal;

import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.spi.ClaimRequest;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The claim of a batch of maps, inside the caller's transaction. Every row is guarded by {@code
 * version = expected AND status = 'queued' AND next_round_time <= now}, so of two hosts racing for
 * one map the second finds the version moved and updates nothing.
 */
final class ClaimStatements {
  private static final String GRANT =
      "status = 'processing', attempt = m.attempt + 1, lease_attempt = m.attempt + 1,"
          + " lease_round = m.current_round_number, lease_assigned_at = ?, lease_deadline = ?,"
          + " version = m.version + 1";

  /**
   * PostgreSQL: one statement, one round trip. Rows another transaction holds are skipped rather
   * than waited for: that transaction is changing the map, so this claim would lose.
   */
  private static final String POSTGRES_CLAIM =
      "WITH req AS ("
          + " SELECT * FROM unnest(?::text[], ?::bigint[], ?::text[], ?::text[])"
          + " WITH ORDINALITY AS r(map_id, expected_version, server_id, job_id, ord)),"
          + " target AS MATERIALIZED ("
          + " SELECT m.map_id FROM maps m JOIN req ON m.map_id = req.map_id"
          + " AND m.version = req.expected_version"
          + " WHERE m.status = 'queued' AND m.next_round_time <= ?"
          + " FOR UPDATE OF m SKIP LOCKED)"
          + " UPDATE maps m SET job_id = req.job_id, lease_server_id = req.server_id, "
          + GRANT
          + " FROM req, target"
          + " WHERE m.map_id = target.map_id AND req.map_id = m.map_id"
          + " AND m.version = req.expected_version AND m.status = 'queued'"
          + " RETURNING m.*, req.ord";

  private static final String BATCH_CLAIM =
      "UPDATE maps m SET job_id = ?, lease_server_id = ?, "
          + GRANT
          + " WHERE m.map_id = ? AND m.version = ? AND m.status = 'queued'"
          + " AND m.next_round_time <= ?";

  private ClaimStatements() {}

  /** Claims on PostgreSQL; results in request order. */
  static List<GameMap> postgres(
      Connection c, List<ClaimRequest> requests, Instant now, Instant deadline)
      throws SQLException {
    int n = requests.size();
    String[] mapIds = new String[n];
    Long[] versions = new Long[n];
    String[] servers = new String[n];
    String[] jobs = new String[n];
    for (int i = 0; i < n; i++) {
      ClaimRequest request = requests.get(i);
      mapIds[i] = request.mapId();
      versions[i] = request.expectedVersion();
      servers[i] = request.serverId();
      jobs[i] = request.jobId();
    }
    Map<Long, GameMap> byOrdinal = new HashMap<>();
    try (PreparedStatement statement = c.prepareStatement(POSTGRES_CLAIM)) {
      Array[] arrays = {
        c.createArrayOf("text", mapIds),
        c.createArrayOf("bigint", versions),
        c.createArrayOf("text", servers),
        c.createArrayOf("text", jobs)
      };
      for (int i = 0; i < arrays.length; i++) {
        statement.setArray(i + 1, arrays[i]);
      }
      Timestamps.set(statement, 5, now);
      Timestamps.set(statement, 6, now);
      Timestamps.set(statement, 7, deadline);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          byOrdinal.put(rows.getLong("ord"), MapRows.read(rows));
        }
      }
    }
    List<GameMap> leased = new ArrayList<>(byOrdinal.size());
    for (long ordinal = 1; ordinal <= n; ordinal++) {
      GameMap map = byOrdinal.get(ordinal);
      if (map != null) {
        leased.add(map);
      }
    }
    return leased;
  }

  /**
   * Claims with a JDBC batch of guarded updates, then reads the winners back in the same
   * transaction. Rows are updated in map id order so two batches never wait on each other in a
   * cycle.
   */
  static List<GameMap> batched(
      Connection c, List<ClaimRequest> requests, Instant now, Instant deadline)
      throws SQLException {
    List<ClaimRequest> ordered = new ArrayList<>(requests);
    ordered.sort(Comparator.comparing(ClaimRequest::mapId));
    int[] counts;
    try (PreparedStatement statement = c.prepareStatement(BATCH_CLAIM)) {
      for (ClaimRequest request : ordered) {
        statement.setString(1, request.jobId());
        statement.setString(2, request.serverId());
        Timestamps.set(statement, 3, now);
        Timestamps.set(statement, 4, deadline);
        statement.setString(5, request.mapId());
        statement.setLong(6, request.expectedVersion());
        Timestamps.set(statement, 7, now);
        statement.addBatch();
      }
      counts = statement.executeBatch();
    }
    List<String> won = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        won.add(ordered.get(i).mapId());
      }
    }
    if (won.isEmpty()) {
      return List.of();
    }
    Map<String, GameMap> byId = new HashMap<>();
    String[] wonIds = won.toArray(new String[0]);
    for (GameMap map :
        MapRepository.all(c, MapRepository.SELECT + " WHERE map_id = ANY(?)", (Object) wonIds)) {
      byId.put(map.mapId(), map);
    }
    List<GameMap> leased = new ArrayList<>(byId.size());
    for (ClaimRequest request : requests) {
      GameMap map = byId.get(request.mapId());
      if (map != null && request.jobId().equals(map.jobId())) {
        leased.add(map);
      }
    }
    return leased;
  }
}
