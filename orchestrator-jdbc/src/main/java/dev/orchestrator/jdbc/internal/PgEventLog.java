package dev.orchestrator.jdbc.internal;

import dev.orchestrator.core.model.EventType;
import dev.orchestrator.core.model.OrchestratorEvent;
import dev.orchestrator.core.spi.EventLog;
import dev.orchestrator.core.spi.EventPage;
import dev.orchestrator.core.spi.LoggedEvent;
import dev.orchestrator.core.spi.OrchestratorStore.Subscription;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The event log in the table {@code orchestrator_events} on PostgreSQL, shared by every host on
 * the database and schema. An append takes a transaction-scoped advisory lock before it draws
 * ids from the table's sequence, so appends commit in id order and a reader that has seen id
 * {@code n} never later finds a smaller id becoming visible. The append's NOTIFY on the
 * schema's events channel wakes the readers of other hosts when it commits. The table is
 * trimmed to the newest {@code capacity} rows once every tenth of the capacity.
 */
public final class PgEventLog implements EventLog {
  private static final String COLUMNS =
      "type, at, map_id, server_id, job_id, map_version, details, after_loss";
  private static final String INSERT =
      "INSERT INTO orchestrator_events (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

  private final Transactions tx;
  private final int capacity;
  private final String lockKey;
  private final String channel;
  private final WakeUps wakeUps;
  private final LongAdder unknownTypes = new LongAdder();
  private long appendedSinceTrim;

  /**
   * A log in {@code schema}'s table; {@code wakeUps} are the readers this store instance wakes
   * (the signal bus wakes them too when another host's NOTIFY arrives).
   */
  public PgEventLog(Transactions tx, String schema, int capacity, WakeUps wakeUps) {
    this.tx = tx;
    this.capacity = capacity;
    this.lockKey = "orchestrator_events:" + (schema == null ? "public"
        : schema.toLowerCase(Locale.ROOT));
    this.channel = PgSignalBus.eventsChannel(schema);
    this.wakeUps = wakeUps;
  }

  @Override
  public void append(List<OrchestratorEvent> events, boolean afterLoss) {
    if (events.isEmpty()) {
      return;
    }
    boolean trim;
    synchronized (this) {
      appendedSinceTrim += events.size();
      trim = appendedSinceTrim >= Math.max(1, capacity / 10);
      if (trim) {
        appendedSinceTrim = 0;
      }
    }
    tx.inTransaction("append " + events.size() + " event(s)", c -> insert(c, events,
        afterLoss, trim));
    wakeUps.run();
  }

  private Void insert(Connection c, List<OrchestratorEvent> events, boolean afterLoss,
      boolean trim) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
      lock.setString(1, lockKey);
      lock.execute();
    }
    try (PreparedStatement insert = c.prepareStatement(INSERT)) {
      boolean loss = afterLoss;
      for (OrchestratorEvent event : events) {
        insert.setString(1, event.type().name());
        Timestamps.set(insert, 2, event.time());
        insert.setString(3, event.mapId());
        insert.setString(4, event.serverId());
        insert.setString(5, event.jobId());
        insert.setLong(6, event.mapVersion());
        insert.setString(7, JsonText.write(event.details()));
        insert.setBoolean(8, loss);
        insert.addBatch();
        loss = false;
      }
      insert.executeBatch();
    }
    if (trim) {
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM orchestrator_events"
          + " WHERE id <= (SELECT MAX(id) FROM orchestrator_events) - ?")) {
        delete.setLong(1, capacity);
        delete.executeUpdate();
      }
    }
    try (PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, '')")) {
      notify.setString(1, channel);
      notify.execute();
    }
    return null;
  }

  /**
   * Reads the events first and the bounds after: a trim that runs in between can only raise
   * the floor, so a page is never reported complete when rows it needed were trimmed.
   */
  @Override
  public EventPage read(long afterId, int max) {
    if (max < 0) {
      throw new IllegalArgumentException("max must be >= 0, got " + max);
    }
    return tx.inTransaction("read events", c -> {
      List<LoggedEvent> events = max == 0 ? List.of() : events(c, afterId, max);
      try (PreparedStatement bounds = c.prepareStatement(
              "SELECT MIN(id), MAX(id) FROM orchestrator_events");
          ResultSet rows = bounds.executeQuery()) {
        rows.next();
        long latest = Math.max(rows.getLong(2),
            events.isEmpty() ? 0 : events.get(events.size() - 1).id());
        long floor = rows.getObject(1) == null ? latest : rows.getLong(1) - 1;
        if (afterId < floor || afterId > latest) {
          return new EventPage(true, floor, latest, List.of());
        }
        return new EventPage(false, floor, latest, events);
      }
    });
  }

  /**
   * Rows of a type this version does not know (a newer host wrote them) are skipped and
   * counted, and reading goes on past them until {@code max} events are found or the log ends.
   */
  private List<LoggedEvent> events(Connection c, long afterId, int max) throws SQLException {
    List<LoggedEvent> events = new ArrayList<>();
    long position = afterId;
    try (PreparedStatement select = c.prepareStatement("SELECT id, " + COLUMNS
        + " FROM orchestrator_events WHERE id > ? ORDER BY id LIMIT ?")) {
      while (events.size() < max) {
        int wanted = max - events.size();
        select.setLong(1, position);
        select.setInt(2, wanted);
        int rowsRead = 0;
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            rowsRead++;
            position = rows.getLong("id");
            Optional<EventType> type = EventType.ofStoredName(rows.getString("type"));
            if (type.isEmpty()) {
              unknownTypes.increment();
            } else {
              events.add(event(rows, type.get()));
            }
          }
        }
        if (rowsRead < wanted) {
          break;
        }
      }
    }
    return events;
  }

  private static LoggedEvent event(ResultSet rows, EventType type) throws SQLException {
    OrchestratorEvent event = new OrchestratorEvent(
        type,
        Timestamps.get(rows, "at"),
        rows.getString("map_id"),
        rows.getString("server_id"),
        rows.getString("job_id"),
        rows.getLong("map_version"),
        JsonText.labels(rows.getString("details")));
    return new LoggedEvent(rows.getLong("id"), event, rows.getBoolean("after_loss"));
  }

  @Override
  public long unknownTypesSkipped() {
    return unknownTypes.sum();
  }

  @Override
  public Subscription onAppend(Runnable wakeUp) {
    return wakeUps.add(wakeUp);
  }

  @Override
  public int capacity() {
    return capacity;
  }
}
