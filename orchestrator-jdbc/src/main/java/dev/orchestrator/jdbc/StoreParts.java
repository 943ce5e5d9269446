package dev.orchestrator.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.orchestrator.core.StoreUnavailableException;
import dev.orchestrator.core.memory.InMemoryEventLog;
import dev.orchestrator.core.spi.EventLog;
import dev.orchestrator.core.spi.StoreClock;
import dev.orchestrator.jdbc.internal.ConnectionFactory;
import dev.orchestrator.jdbc.internal.Dialect;
import dev.orchestrator.jdbc.internal.HistoryRepository;
import dev.orchestrator.jdbc.internal.InProcessEventLog;
import dev.orchestrator.jdbc.internal.InProcessSignalBus;
import dev.orchestrator.jdbc.internal.PgEventLog;
import dev.orchestrator.jdbc.internal.PgSignalBus;
import dev.orchestrator.jdbc.internal.SchemaManager;
import dev.orchestrator.jdbc.internal.SignalBus;
import dev.orchestrator.jdbc.internal.Transactions;
import dev.orchestrator.jdbc.internal.WakeUps;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What an open {@link JdbcStore} is made of, and how it is put together from settings. */
record StoreParts(
    Dialect dialect,
    Transactions tx,
    SignalBus signals,
    EventLog events,
    StoreClock clock,
    ScheduledExecutorService maintenance,
    AutoCloseable ownedPool) {

  /** How often the database clock's offset is measured again. */
  static final Duration CLOCK_RESYNC = Duration.ofMinutes(1);
  static final Duration CLOCK_SETTLE = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);

  static StoreParts open(JdbcStoreBuilder.Settings settings) {
    HikariDataSource pool = settings.dataSource() == null ? pool(settings) : null;
    DataSource dataSource = pool != null ? pool : settings.dataSource();
    ScheduledExecutorService maintenance = maintenanceThread();
    try {
      Transactions tx = new Transactions(dataSource);
      Database database = tx.inTransaction("detect database", c -> Database.of(c));
      new SchemaManager(tx, database.dialect()).verify(settings.createSchemaIfMissing());
      StoreClock clock = clock(settings.localClock(), tx, database.dialect(), maintenance);
      WakeUps eventReaders = new WakeUps();
      SignalBus signals = signals(settings, tx, database, maintenance, eventReaders);
      EventLog events = database.dialect() == Dialect.POSTGRESQL
          ? new PgEventLog(tx, database.schema(), InMemoryEventLog.DEFAULT_CAPACITY,
              eventReaders)
          : new InProcessEventLog(database.key());
      if (settings.historyRetention() != null) {
        schedulePurge(settings, new HistoryRepository(tx), clock, maintenance);
      }
      return new StoreParts(database.dialect(), tx, signals, events, clock, maintenance, pool);
    } catch (RuntimeException e) {
      maintenance.shutdownNow();
      closeQuietly(pool);
      throw e;
    }
  }

  static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.warn("closing {} failed", closeable, e);
    }
  }

  private static HikariDataSource pool(JdbcStoreBuilder.Settings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("orchestrator-jdbc");
    config.setJdbcUrl(settings.jdbcUrl());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(settings.maximumPoolSize());
    config.setConnectionTimeout(settings.connectionTimeout().toMillis());
    config.setValidationTimeout(Math.min(1000, settings.connectionTimeout().toMillis()));
    try {
      return new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      throw new StoreUnavailableException(
          "cannot connect to " + settings.jdbcUrl() + ": " + e.getMessage(), e);
    }
  }

  private static ScheduledExecutorService maintenanceThread() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "orchestrator-jdbc-maintenance");
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  private static StoreClock clock(
      Clock local, Transactions tx, Dialect dialect, ScheduledExecutorService maintenance) {
    // One autocommit query per sample: inside a transaction the clock would be read in the
    // first of two round trips, so the middle of the measured time would not be when it was.
    StoreClock clock =
        new StoreClock(
            local,
            () -> {
              try (Connection c = tx.dataSource().getConnection();
                  PreparedStatement statement = c.prepareStatement(dialect.nowQuery());
                  ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getObject(1, OffsetDateTime.class).toInstant();
              } catch (SQLException e) {
                throw Transactions.unavailable("read the database clock", e);
              }
            });
    clock.resync();
    // Again soon after start, when the samples no longer pay for a cold JVM, then every minute.
    every(maintenance, CLOCK_SETTLE, CLOCK_RESYNC, "resync the database clock", clock::resync);
    return clock;
  }

  private static SignalBus signals(
      JdbcStoreBuilder.Settings settings,
      Transactions tx,
      Database database,
      ScheduledExecutorService maintenance,
      WakeUps eventReaders) {
    if (database.dialect() != Dialect.POSTGRESQL) {
      return new InProcessSignalBus(database.key());
    }
    PgSignalBus bus =
        new PgSignalBus(
            tx, database.schema(), listenConnections(settings, tx), maintenance, eventReaders);
    bus.start();
    return bus;
  }

  /**
   * With a URL the LISTEN connection is opened outside the pool, so it neither takes a pooled slot
   * nor gets retired by the pool; with a caller's data source one of its connections is held
   * instead.
   */
  private static ConnectionFactory listenConnections(
      JdbcStoreBuilder.Settings settings, Transactions tx) {
    if (settings.jdbcUrl() == null) {
      return () -> tx.dataSource().getConnection();
    }
    Properties properties = new Properties();
    if (settings.user() != null) {
      properties.setProperty("user", settings.user());
    }
    if (settings.password() != null) {
      properties.setProperty("password", settings.password());
    }
    properties.setProperty("ApplicationName", "orchestrator-listen");
    properties.setProperty(
        "connectTimeout", String.valueOf(settings.connectionTimeout().toSeconds() + 1));
    return () -> DriverManager.getConnection(settings.jdbcUrl(), properties);
  }

  private static void schedulePurge(
      JdbcStoreBuilder.Settings settings,
      HistoryRepository history,
      Clock clock,
      ScheduledExecutorService maintenance) {
    every(
        maintenance,
        settings.historyPurgeInterval(),
        "purge task history",
        () -> {
          long purged = history.purge(clock.instant().minus(settings.historyRetention()));
          LOG.debug("purged {} task history record(s)", purged);
        });
  }

  /** Runs {@code task} every {@code period}; a failed run is logged and the next one still runs. */
  private static void every(
      ScheduledExecutorService executor, Duration period, String what, Runnable task) {
    every(executor, period, period, what, task);
  }

  private static void every(ScheduledExecutorService executor, Duration first, Duration period,
      String what, Runnable task) {
    long millis = period.toMillis();
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            LOG.warn("could not {}; will try again in {}", what, period, e);
          }
        },
        first.toMillis(),
        millis,
        TimeUnit.MILLISECONDS);
  }

  /** The database behind the store: its dialect, schema and an identity for in-JVM signals. */
  private record Database(Dialect dialect, String schema, String key) {
    static Database of(java.sql.Connection c) throws SQLException {
      Dialect dialect = Dialect.detect(c);
      String schema = c.getSchema();
      String name = c.getCatalog();
      if (dialect == Dialect.H2) {
        try (PreparedStatement statement =
                c.prepareStatement("SELECT COALESCE(DATABASE_PATH(), 'mem:' || DATABASE())");
            ResultSet rows = statement.executeQuery()) {
          rows.next();
          name = rows.getString(1);
        }
      }
      return new Database(dialect, schema, dialect.name() + ":" + name + ":" + schema);
    }
  }
}
