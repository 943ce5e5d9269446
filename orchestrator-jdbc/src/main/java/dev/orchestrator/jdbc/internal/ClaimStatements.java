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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The claim of a batch of maps, inside the caller's transaction. A request wins only if its map
 * is still at the expected version, queued and due at {@code now}, so of two hosts racing for one
 * map the second finds the version moved and changes nothing.
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
   * Claims by locking the requested maps by primary key and checking each request in {@link
   * LockedMaps}. (A guarded {@code UPDATE ... WHERE map_id = ? AND status = 'queued' AND
   * next_round_time <= ?} per request made H2 walk its due-time index instead of the primary key:
   * every claim scanned all queued maps.)
   */
  static List<GameMap> batched(
      Connection c, List<ClaimRequest> requests, Instant now, Instant deadline)
      throws SQLException {
    LockedMaps maps = new LockedMaps(c);
    List<String> ids = new ArrayList<>(requests.size());
    requests.forEach(request -> ids.add(request.mapId()));
    maps.lock(ids, false);
    List<GameMap> leased = maps.claim(requests, now, deadline);
    maps.write();
    return leased;
  }
}
