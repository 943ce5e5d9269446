package dev.orchestrator.jdbc;

import static dev.orchestrator.jdbc.internal.Timestamps.micros;

import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.GameServer;
import dev.orchestrator.core.model.Lease;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.model.ServerCommand;
import dev.orchestrator.core.model.ServerStatus;
import dev.orchestrator.core.model.TaskRecord;
import dev.orchestrator.core.spi.ClaimRequest;
import dev.orchestrator.core.spi.Completion;
import dev.orchestrator.core.spi.CompletionResult;
import dev.orchestrator.core.spi.CycleResult;
import dev.orchestrator.core.spi.EventLog;
import dev.orchestrator.core.spi.LeaseRelease;
import dev.orchestrator.core.spi.MapMove;
import dev.orchestrator.core.spi.MapPage;
import dev.orchestrator.core.spi.MapQuery;
import dev.orchestrator.core.spi.MoveResult;
import dev.orchestrator.core.spi.OrchestratorStore;
import dev.orchestrator.core.spi.QueueStats;
import dev.orchestrator.core.spi.StoreListener;
import dev.orchestrator.jdbc.internal.DatabaseClock;
import dev.orchestrator.jdbc.internal.Dialect;
import dev.orchestrator.jdbc.internal.HistoryRepository;
import dev.orchestrator.jdbc.internal.LeaseRepository;
import dev.orchestrator.jdbc.internal.MapRepository;
import dev.orchestrator.jdbc.internal.ServerRepository;
import dev.orchestrator.jdbc.internal.SignalBus;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * An {@link OrchestratorStore} on a relational database: embedded H2 for one host, or PostgreSQL
 * for several hosts sharing one database. The dialect is detected from the connection.
 *
 * <p>Every SPI method runs as one transaction. Claims are guarded by the map's version, and
 * completions, releases and renewals by the lease's job id, so of several hosts racing for one map
 * exactly one wins and a stale write changes nothing. Instants are stored with microsecond
 * precision; instants passed in are cut to microseconds.
 *
 * <p>Signals: subscribers of this instance hear them directly. On PostgreSQL other instances (other
 * hosts) on the same database and schema hear them through LISTEN/NOTIFY on a dedicated connection,
 * which reconnects by itself and then calls {@link StoreListener#signalsResumed()}. On H2, signals
 * reach only instances in this JVM on the same database: an H2 store serves one host.
 *
 * <p>Thread-safe. Failures to reach the database surface as {@link
 * dev.orchestrator.core.StoreUnavailableException}; the pool recovers by itself once the database
 * is back.
 */
public final class JdbcStore implements OrchestratorStore {
  private final Dialect dialect;
  private final DataSource dataSource;
  private final MapRepository maps;
  private final LeaseRepository leases;
  private final HistoryRepository history;
  private final ServerRepository servers;
  private final SignalBus signals;
  private final EventLog events;
  private final DatabaseClock clock;
  private final ScheduledExecutorService maintenance;
  private final AutoCloseable ownedPool;
  private final AtomicBoolean closed = new AtomicBoolean();

  JdbcStore(StoreParts parts) {
    this.dialect = parts.dialect();
    this.dataSource = parts.tx().dataSource();
    this.maps = new MapRepository(parts.tx());
    this.leases = new LeaseRepository(parts.tx(), parts.dialect());
    this.history = new HistoryRepository(parts.tx());
    this.servers = new ServerRepository(parts.tx(), parts.dialect());
    this.signals = parts.signals();
    this.events = parts.events();
    this.clock = parts.clock();
    this.maintenance = parts.maintenance();
    this.ownedPool = parts.ownedPool();
  }

  /** A builder; set {@code dataSource} or {@code jdbcUrl}, then {@code build()}. */
  public static JdbcStoreBuilder builder() {
    return new JdbcStoreBuilder();
  }

  static JdbcStore open(JdbcStoreBuilder.Settings settings) {
    return new JdbcStore(StoreParts.open(settings));
  }

  /** Which database this store runs on: {@code "h2"} or {@code "postgresql"}. */
  public String databaseKind() {
    return dialect.name().toLowerCase(Locale.ROOT);
  }

  /**
   * A clock that follows the database's clock: the JVM's clock plus an offset sampled when the
   * store opened and every minute since. Give it to the orchestrator so hosts with skewed clocks
   * agree on due times and deadlines. Reading it makes no database call. The same instance is
   * returned on every call; it stops following the database once the store is closed.
   */
  public Clock databaseClock() {
    return clock;
  }

  @Override
  public GameMap createMap(NewMap map, Instant now) {
    NewMap exact = map.nextRoundTime() == null ? map : map.dueAt(micros(map.nextRoundTime()));
    return maps.create(exact, micros(now));
  }

  @Override
  public Optional<GameMap> findMap(String mapId) {
    return maps.find(mapId);
  }

  @Override
  public MapPage listMaps(MapQuery query) {
    return maps.list(query);
  }

  @Override
  public Optional<GameMap> deleteMap(String mapId, Instant now) {
    return maps.delete(mapId, micros(now));
  }

  @Override
  public List<GameMap> dueMaps(Instant now, int limit, int offset) {
    return maps.due(micros(now), limit, offset);
  }

  @Override
  public Optional<Instant> nextDueTime() {
    return maps.nextDueTime();
  }

  @Override
  public List<GameMap> claim(List<ClaimRequest> requests, Instant now, Duration leaseTimeout) {
    return leases.claim(requests, micros(now), leaseTimeout);
  }

  @Override
  public CompletionResult complete(
      String mapId, String jobId, String serverId, Instant nextRoundTime, Instant now) {
    return leases.complete(mapId, jobId, serverId, micros(nextRoundTime), micros(now));
  }

  /** One transaction for the whole batch; a failure changes nothing. */
  @Override
  public CycleResult completeAndClaim(
      List<Completion> completions, List<ClaimRequest> claims, Instant now, Duration leaseTimeout) {
    List<Completion> exact = new ArrayList<>(completions.size());
    for (Completion completion : completions) {
      exact.add(
          new Completion(
              completion.mapId(),
              completion.jobId(),
              completion.serverId(),
              micros(completion.nextRoundTime())));
    }
    return leases.completeAndClaim(exact, claims, micros(now), leaseTimeout);
  }

  @Override
  public Optional<GameMap> release(LeaseRelease release, Instant now) {
    return leases.release(release, micros(now));
  }

  @Override
  public MoveResult move(MapMove move, Instant now, Duration leaseTimeout) {
    return maps.move(move, micros(now), leaseTimeout.truncatedTo(ChronoUnit.MICROS));
  }

  @Override
  public boolean renew(String mapId, String jobId, Instant deadline) {
    return leases.renew(mapId, jobId, micros(deadline));
  }

  @Override
  public List<Lease> expiredLeases(Instant now, int limit) {
    return maps.expiredLeases(micros(now), limit);
  }

  @Override
  public List<Lease> leasesOf(String serverId) {
    return maps.leasesOf(serverId);
  }

  @Override
  public GameMap retry(String mapId, Instant now) {
    return maps.retry(mapId, micros(now));
  }

  @Override
  public QueueStats queueStats(Instant now) {
    return maps.stats(micros(now));
  }

  @Override
  public List<TaskRecord> history(String mapId, int limit) {
    return history.history(mapId, limit);
  }

  @Override
  public Optional<TaskRecord> findTask(String jobId) {
    return history.findTask(jobId);
  }

  @Override
  public long purgeHistory(Instant cutoff) {
    return history.purge(micros(cutoff));
  }

  /** Stores instants cut to microseconds, so a server read back equals one saved at micros. */
  @Override
  public void saveServer(GameServer server) {
    servers.save(server);
  }

  @Override
  public Optional<GameServer> findServer(String serverId) {
    return servers.find(serverId);
  }

  @Override
  public List<GameServer> listServers(ServerStatus status) {
    return servers.list(status);
  }

  @Override
  public Subscription subscribe(StoreListener listener) {
    return signals.subscribe(listener);
  }

  @Override
  public void signalMapsChanged() {
    signals.mapsChanged();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException on PostgreSQL, if the command does not fit in one NOTIFY
   *     payload (just under 8000 bytes of JSON)
   */
  @Override
  public void routeCommand(String serverId, ServerCommand command) {
    signals.routeCommand(serverId, command);
  }

  /**
   * {@inheritDoc}
   *
   * <p>On PostgreSQL the table {@code orchestrator_events}, shared by every host on the
   * database and schema, keeping the newest 10,000 events or a few more. On H2 a log in this
   * process, shared by the store instances on the same database.
   */
  @Override
  public Optional<EventLog> eventLog() {
    return Optional.of(events);
  }

  /** Runs a validation query with a short timeout; may take up to the connection timeout. */
  @Override
  public boolean isReachable() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(2);
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  /** Stops signals and maintenance and, if the store owns its pool, closes it. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    signals.close();
    if (events instanceof AutoCloseable owned) {
      StoreParts.closeQuietly(owned);
    }
    maintenance.shutdownNow();
    StoreParts.closeQuietly(ownedPool);
  }
}
