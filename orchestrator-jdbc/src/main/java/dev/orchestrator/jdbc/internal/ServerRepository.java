package dev.orchestrator.jdbc.internal;

import dev.orchestrator.core.model.GameServer;
import dev.orchestrator.core.model.ServerStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The server registry in the {@code servers} table. */
public final class ServerRepository {
  private static final String SELECT = "SELECT " + ServerRows.COLUMNS + " FROM servers";

  private final Transactions tx;
  private final Dialect dialect;

  /** A registry on {@code tx}'s database. */
  public ServerRepository(Transactions tx, Dialect dialect) {
    this.tx = tx;
    this.dialect = dialect;
  }

  /** Creates or replaces the row of {@code server}. */
  public void save(GameServer server) {
    tx.inTransaction(
        "save server '" + server.serverId() + "'",
        c -> {
          try (PreparedStatement statement = c.prepareStatement(dialect.upsertServer())) {
            ServerRows.bind(statement, server);
            return statement.executeUpdate();
          }
        });
  }

  /** The row of {@code serverId}, if any. */
  public Optional<GameServer> find(String serverId) {
    return tx.inTransaction(
        "find server '" + serverId + "'",
        c -> {
          try (PreparedStatement statement = c.prepareStatement(SELECT + " WHERE server_id = ?")) {
            statement.setString(1, serverId);
            try (ResultSet rows = statement.executeQuery()) {
              return rows.next() ? Optional.of(ServerRows.read(rows)) : Optional.empty();
            }
          }
        });
  }

  /** All rows, or those in {@code status}, ordered by id. */
  public List<GameServer> list(ServerStatus status) {
    String sql = SELECT + (status == null ? "" : " WHERE status = ?") + " ORDER BY server_id";
    return tx.inTransaction(
        "list servers",
        c -> {
          try (PreparedStatement statement = c.prepareStatement(sql)) {
            if (status != null) {
              statement.setString(1, status.wireName());
            }
            List<GameServer> servers = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                servers.add(ServerRows.read(rows));
              }
            }
            return servers;
          }
        });
  }
}
