package dev.orchestrator.jdbc.internal;

import dev.orchestrator.core.MapExistsException;
import dev.orchestrator.core.MapNotFoundException;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.Lease;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.model.TaskRecord;
import dev.orchestrator.core.spi.MapMove;
import dev.orchestrator.core.spi.MapPage;
import dev.orchestrator.core.spi.MapQuery;
import dev.orchestrator.core.spi.MoveResult;
import dev.orchestrator.core.spi.QueueStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Maps in the {@code maps} table: creation, lookups, the schedule's queries, delete, retry. */
public final class MapRepository {
  static final String SELECT = "SELECT " + MapRows.COLUMNS + " FROM maps";

  private final Transactions tx;

  /** Maps on {@code tx}'s database. */
  public MapRepository(Transactions tx) {
    this.tx = tx;
  }

  /** The map locked for the rest of the caller's transaction, or {@code null}. */
  static GameMap lock(Connection c, String mapId) throws SQLException {
    try (PreparedStatement statement =
        c.prepareStatement(SELECT + " WHERE map_id = ? FOR UPDATE")) {
      statement.setString(1, mapId);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? MapRows.read(rows) : null;
      }
    }
  }

  /**
   * Replaces {@code before} by {@code after} inside the caller's transaction.
   *
   * @throws SQLException with SQLState 40001 if the row moved past {@code before}'s version, so the
   *     transaction is rolled back and run again on fresh data
   */
  static void write(Connection c, GameMap before, GameMap after) throws SQLException {
    writeAll(c, Map.of(before.mapId(), before), List.of(after));
  }

  /**
   * Locks the maps with these ids for the rest of the caller's transaction, in one statement that
   * looks them up by primary key, in id order so two transactions never wait on each other in a
   * cycle; with {@code skipLocked}, rows another transaction holds are left out instead.
   *
   * @return the maps found, by id
   */
  static Map<String, GameMap> lockAll(
      Connection c, Collection<String> mapIds, boolean skipLocked) throws SQLException {
    Map<String, GameMap> locked = new HashMap<>();
    if (mapIds.isEmpty()) {
      return locked;
    }
    String[] ids = new TreeSet<>(mapIds).toArray(new String[0]);
    String sql =
        SELECT
            + " WHERE map_id = ANY(?) ORDER BY map_id FOR UPDATE"
            + (skipLocked ? " SKIP LOCKED" : "");
    for (GameMap map : all(c, sql, (Object) ids)) {
      locked.put(map.mapId(), map);
    }
    return locked;
  }

  /**
   * Writes each map of {@code after} over its state in {@code before} (by id) in one JDBC batch,
   * each row guarded by the version it had.
   *
   * @throws SQLException with SQLState 40001 if a row moved past its version, so the transaction
   *     is rolled back and run again on fresh data
   */
  static void writeAll(Connection c, Map<String, GameMap> before, Collection<GameMap> after)
      throws SQLException {
    if (after.isEmpty()) {
      return;
    }
    try (PreparedStatement statement = c.prepareStatement(MapRows.UPDATE_STATE)) {
      for (GameMap map : after) {
        MapRows.bindUpdate(statement, before.get(map.mapId()), map);
        statement.addBatch();
      }
      for (int count : statement.executeBatch()) {
        // SUCCESS_NO_INFO is a driver's "done, count unknown"; 0 means the row moved.
        if (count != 1 && count != PreparedStatement.SUCCESS_NO_INFO) {
          throw new SQLException("a map changed after it was locked", "40001");
        }
      }
    }
  }

  /** Like {@link #write}, and also writes the pending move. */
  private static void writeWithMove(Connection c, GameMap before, GameMap after)
      throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(MapRows.UPDATE_STATE_AND_MOVE)) {
      MapRows.bindUpdateAndMove(statement, before, after);
      if (statement.executeUpdate() != 1) {
        throw new SQLException("map '" + before.mapId() + "' changed after it was locked", "40001");
      }
    }
  }

  /** Inserts a new map built from {@code spec} at {@code now}. */
  public GameMap create(NewMap spec, Instant now) {
    GameMap created = GameMap.create(spec, now);
    return tx.inTransaction(
        "create map '" + spec.mapId() + "'",
        c -> {
          try (PreparedStatement statement = c.prepareStatement(MapRows.INSERT)) {
            MapRows.bindInsert(statement, created);
            statement.executeUpdate();
          } catch (SQLException e) {
            if (Transactions.isDuplicateKey(e)) {
              throw new MapExistsException(spec.mapId());
            }
            throw e;
          }
          return created;
        });
  }

  /** The map with {@code mapId}, if any. */
  public Optional<GameMap> find(String mapId) {
    return tx.inTransaction(
        "find map '" + mapId + "'",
        c -> Optional.ofNullable(first(c, SELECT + " WHERE map_id = ?", mapId)));
  }

  /** One page of maps by id. */
  public MapPage list(MapQuery query) {
    StringBuilder sql = new StringBuilder(SELECT).append(" WHERE 1 = 1");
    List<String> args = new ArrayList<>();
    if (query.status() != null) {
      sql.append(" AND status = ?");
      args.add(query.status().wireName());
    }
    if (query.seasonId() != null) {
      sql.append(" AND season_id = ?");
      args.add(query.seasonId());
    }
    if (query.afterMapId() != null) {
      sql.append(" AND map_id > ?");
      args.add(query.afterMapId());
    }
    sql.append(" ORDER BY map_id LIMIT ").append(query.limit() + 1);
    List<GameMap> maps = tx.inTransaction("list maps", c -> all(c, sql.toString(), args.toArray()));
    if (maps.size() <= query.limit()) {
      return new MapPage(maps, null);
    }
    List<GameMap> page = maps.subList(0, query.limit());
    return new MapPage(page, page.get(page.size() - 1).mapId());
  }

  /** Due maps in claim order. */
  public List<GameMap> due(Instant now, int limit, int offset) {
    return tx.inTransaction(
        "read due maps",
        c ->
            all(
                c,
                SELECT
                    + " WHERE status = 'queued' AND next_round_time <= ?"
                    + " ORDER BY priority DESC, next_round_time, map_id LIMIT ? OFFSET ?",
                now,
                limit,
                offset));
  }

  /** The earliest time any queued map is due. */
  public Optional<Instant> nextDueTime() {
    return tx.inTransaction(
        "read next due time",
        c -> {
          try (PreparedStatement statement =
                  c.prepareStatement(
                      "SELECT MIN(next_round_time) FROM maps WHERE status = 'queued'");
              ResultSet rows = statement.executeQuery()) {
            rows.next();
            return Optional.ofNullable(Timestamps.get(rows, 1));
          }
        });
  }

  /** Counts per state and of due maps, in one statement so they agree with each other. */
  public QueueStats stats(Instant now) {
    String sql =
        "SELECT status, COUNT(*),"
            + " SUM(CASE WHEN status = 'queued' AND next_round_time <= ? THEN 1 ELSE 0 END),"
            + " MIN(CASE WHEN status = 'queued' AND next_round_time <= ?"
            + " THEN next_round_time END)"
            + " FROM maps GROUP BY status";
    return tx.inTransaction(
        "read queue stats",
        c -> {
          Map<MapStatus, Long> counts = new EnumMap<>(MapStatus.class);
          for (MapStatus status : MapStatus.values()) {
            counts.put(status, 0L);
          }
          long due = 0;
          Instant oldest = null;
          try (PreparedStatement statement = c.prepareStatement(sql)) {
            Timestamps.set(statement, 1, now);
            Timestamps.set(statement, 2, now);
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                counts.put(MapStatus.fromWire(rows.getString(1)), rows.getLong(2));
                due += rows.getLong(3);
                Instant first = Timestamps.get(rows, 4);
                oldest = first != null ? first : oldest;
              }
            }
          }
          return new QueueStats(counts, due, oldest);
        });
  }

  /** Deletes a map; a live lease ends with a {@code REVOKED} record. */
  public Optional<GameMap> delete(String mapId, Instant now) {
    return tx.inTransaction(
        "delete map '" + mapId + "'",
        c -> {
          GameMap map = lock(c, mapId);
          if (map == null) {
            return Optional.empty();
          }
          if (map.lease() != null) {
            HistoryRepository.append(
                c, TaskRecord.of(map.lease(), now, TaskOutcome.REVOKED, "map deleted"));
          }
          try (PreparedStatement statement =
              c.prepareStatement("DELETE FROM maps WHERE map_id = ?")) {
            statement.setString(1, mapId);
            statement.executeUpdate();
          }
          return Optional.of(map);
        });
  }

  /** Re-queues a completed or failed map for {@code now}. */
  public GameMap retry(String mapId, Instant now) {
    return tx.inTransaction(
        "retry map '" + mapId + "'",
        c -> {
          GameMap map = lock(c, mapId);
          if (map == null) {
            throw new MapNotFoundException(mapId);
          }
          GameMap retried = map.retried(now);
          writeWithMove(c, map, retried);
          return retried;
        });
  }

  /** Applies an operator's move if it still fits the map; see the SPI. */
  public MoveResult move(MapMove move, Instant now, Duration leaseTimeout) {
    return tx.inTransaction(
        "move map '" + move.mapId() + "' to '" + move.toServerId() + "'",
        c -> {
          GameMap map = lock(c, move.mapId());
          if (map == null) {
            return MoveResult.unknownMap();
          }
          if (!move.fits(map)) {
            return MoveResult.stale(map);
          }
          GameMap moved = move.applyTo(map, now, leaseTimeout);
          Lease revoked = move.revokes(map);
          writeWithMove(c, map, moved);
          if (revoked != null) {
            HistoryRepository.append(
                c, TaskRecord.of(revoked, now, TaskOutcome.REVOKED, move.reason()));
          }
          return new MoveResult(MoveResult.Kind.MOVED, moved, revoked);
        });
  }

  /** Live leases past their deadline, earliest first. */
  public List<Lease> expiredLeases(Instant now, int limit) {
    return leases(
        "read expired leases",
        SELECT
            + " WHERE status = 'processing' AND lease_deadline <= ?"
            + " ORDER BY lease_deadline, map_id LIMIT ?",
        now,
        limit);
  }

  /** Live leases of {@code serverId}, by map id. */
  public List<Lease> leasesOf(String serverId) {
    return leases(
        "read leases of server '" + serverId + "'",
        SELECT + " WHERE lease_server_id = ? AND status = 'processing' ORDER BY map_id",
        serverId);
  }

  private List<Lease> leases(String operation, String sql, Object... args) {
    return tx.inTransaction(
        operation,
        c -> {
          List<Lease> leases = new ArrayList<>();
          for (GameMap map : all(c, sql, args)) {
            leases.add(map.lease());
          }
          return leases;
        });
  }

  private static GameMap first(Connection c, String sql, Object... args) throws SQLException {
    List<GameMap> maps = all(c, sql, args);
    return maps.isEmpty() ? null : maps.get(0);
  }

  static List<GameMap> all(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        if (args[i] instanceof Instant instant) {
          Timestamps.set(statement, i + 1, instant);
        } else {
          statement.setObject(i + 1, args[i]);
        }
      }
      List<GameMap> maps = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          maps.add(MapRows.read(rows));
        }
      }
      return maps;
    }
  }
}
