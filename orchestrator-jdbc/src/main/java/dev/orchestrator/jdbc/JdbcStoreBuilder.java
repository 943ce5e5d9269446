package dev.orchestrator.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Settings of a {@link JdbcStore}. Setters check their argument at once; {@link #build()} checks
 * how they combine and reports every problem in one message. Not thread-safe; the built store keeps
 * a copy and never sees later changes.
 */
public final class JdbcStoreBuilder {
  private DataSource dataSource;
  private String jdbcUrl;
  private String user;
  private String password;
  private boolean createSchemaIfMissing;
  private Duration historyRetention;
  private Duration historyPurgeInterval = Duration.ofHours(1);
  private int maximumPoolSize = 10;
  private Duration connectionTimeout = Duration.ofSeconds(3);
  private Clock localClock = Clock.systemUTC();

  JdbcStoreBuilder() {}

  /**
   * Uses connections from {@code dataSource}; the caller keeps owning it and closes it after the
   * store. On PostgreSQL the store holds one of its connections for LISTEN while open.
   */
  public JdbcStoreBuilder dataSource(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    return this;
  }

  /**
   * Connects to {@code jdbcUrl} through a connection pool the store owns and closes, for example
   * {@code jdbc:h2:file:/var/lib/orchestrator/db} or {@code
   * jdbc:postgresql://127.0.0.1:5432/orchestrator}.
   */
  public JdbcStoreBuilder jdbcUrl(String jdbcUrl) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException("jdbcUrl must start with 'jdbc:', got '" + jdbcUrl + "'");
    }
    this.jdbcUrl = jdbcUrl;
    return this;
  }

  /** The user for {@link #jdbcUrl}; none by default. */
  public JdbcStoreBuilder user(String user) {
    this.user = Objects.requireNonNull(user, "user");
    return this;
  }

  /** The password for {@link #jdbcUrl}; none by default. */
  public JdbcStoreBuilder password(String password) {
    this.password = Objects.requireNonNull(password, "password");
    return this;
  }

  /**
   * Whether {@link #build()} creates the tables when the database has none (default false: the
   * store then refuses to open and names the script to run).
   */
  public JdbcStoreBuilder createSchemaIfMissing(boolean create) {
    this.createSchemaIfMissing = create;
    return this;
  }

  /**
   * Deletes task history older than {@code retention} every {@link #historyPurgeInterval} (by
   * default history is kept until {@link JdbcStore#purgeHistory} is called).
   */
  public JdbcStoreBuilder historyRetention(Duration retention) {
    this.historyRetention = positive("historyRetention", retention);
    return this;
  }

  /** How often the retention purge runs (default one hour). */
  public JdbcStoreBuilder historyPurgeInterval(Duration interval) {
    this.historyPurgeInterval = positive("historyPurgeInterval", interval);
    return this;
  }

  /** The size of the owned connection pool (default 10); ignored with a data source. */
  public JdbcStoreBuilder maximumPoolSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("maximumPoolSize must be >= 1, got " + size);
    }
    this.maximumPoolSize = size;
    return this;
  }

  /**
   * How long a call waits for a pooled connection before it fails with {@link
   * dev.orchestrator.core.StoreUnavailableException} (default 3 s, at least 250 ms); ignored with a
   * data source.
   */
  public JdbcStoreBuilder connectionTimeout(Duration timeout) {
    positive("connectionTimeout", timeout);
    if (timeout.toMillis() < 250) {
      throw new IllegalArgumentException("connectionTimeout must be >= 250ms, got " + timeout);
    }
    this.connectionTimeout = timeout;
    return this;
  }

  /**
   * This machine's clock, which {@link JdbcStore#databaseClock()} adds its measured offset to
   * (default the system clock in UTC). Tests set a skewed one to show that hosts whose clocks
   * disagree still agree on the database's time.
   */
  public JdbcStoreBuilder localClock(Clock clock) {
    this.localClock = Objects.requireNonNull(clock, "localClock");
    return this;
  }

  /**
   * Opens the store: connects, detects the dialect, checks (or creates) the schema, samples the
   * database clock and, on PostgreSQL, starts listening for other hosts' signals.
   *
   * @throws IllegalStateException naming every setting that is missing or conflicting
   * @throws SchemaVersionException if the schema is missing or at another version
   * @throws dev.orchestrator.core.StoreUnavailableException if the database cannot be reached
   */
  public JdbcStore build() {
    List<String> problems = new ArrayList<>();
    if (dataSource == null && jdbcUrl == null) {
      problems.add("set dataSource(...) or jdbcUrl(...)");
    }
    if (dataSource != null && jdbcUrl != null) {
      problems.add("set dataSource(...) or jdbcUrl(...), not both");
    }
    if (dataSource != null && (user != null || password != null)) {
      problems.add("user and password apply to jdbcUrl(...), not to a dataSource");
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("invalid JdbcStore settings: " + String.join("; ", problems));
    }
    return JdbcStore.open(
        new Settings(
            dataSource,
            jdbcUrl,
            user,
            password,
            createSchemaIfMissing,
            historyRetention,
            historyPurgeInterval,
            maximumPoolSize,
            connectionTimeout,
            localClock));
  }

  private static Duration positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
    return value;
  }

  /** The checked, immutable settings a store is opened with. */
  record Settings(
      DataSource dataSource,
      String jdbcUrl,
      String user,
      String password,
      boolean createSchemaIfMissing,
      Duration historyRetention,
      Duration historyPurgeInterval,
      int maximumPoolSize,
      Duration connectionTimeout,
      Clock localClock) {}
}
