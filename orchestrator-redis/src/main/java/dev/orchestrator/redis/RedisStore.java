package dev.orchestrator.redis;

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
import dev.orchestrator.redis.internal.Backend;
import dev.orchestrator.redis.internal.MapWrites;
import dev.orchestrator.redis.internal.StoreReads;
import io.lettuce.core.ClientOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An {@link OrchestratorStore} in Redis, shared by any number of hosts. Every change is one Lua
 * script, so it is atomic and a lost connection never leaves it half done; the claim of a map
 * checks its version inside the script, so two hosts racing for one map cannot both win. Signals
 * travel over Redis pub/sub. See the module README for the key layout and the Redis settings it
 * needs.
 *
 * <pre>{@code
 * RedisStore store = RedisStore.builder()
 *     .uri("redis://127.0.0.1:6379/0")
 *     .keyPrefix("orch")
 *     .build();
 * }</pre>
 *
 * <p>With {@link ClockSource#REDIS} (the default) the scripts read Redis {@code TIME} and ignore
 * the {@code now} arguments; give the engine {@link #redisClock()} so its own times agree. Times
 * are kept to the microsecond.
 *
 * <p>Thread-safe. Every method throws {@link dev.orchestrator.core.StoreUnavailableException} when
 * Redis is unreachable or does not answer within the command timeout; such a call changed nothing,
 * unless it timed out after Redis ran it, in which case it changed everything it would have (a
 * script never runs in part).
 */
public final class RedisStore implements OrchestratorStore {
  private final Backend backend;
  private final MapWrites writes;
  private final StoreReads reads;
  private final AtomicBoolean closed = new AtomicBoolean();

  RedisStore(Backend backend) {
    this.backend = backend;
    this.writes = backend.writes();
    this.reads = backend.reads();
  }

  /** A builder with the defaults: prefix {@code orch}, Redis clock, 2 s command timeout. */
  public static RedisStoreBuilder builder() {
    return new RedisStoreBuilder();
  }

  /**
   * The Lettuce options the store sets on a client it creates: auto-reconnect, commands rejected at
   * once while disconnected, and {@code commandTimeout} on every command. Apply them to a client
   * you pass to {@link RedisStoreBuilder#client}.
   */
  public static ClientOptions recommendedClientOptions(Duration commandTimeout) {
    return RedisStoreBuilder.recommended(commandTimeout);
  }

  /**
   * A clock that agrees with Redis {@code TIME}: the JVM clock plus an offset sampled from Redis
   * when the store starts and every minute after. Reading it makes no round trip.
   */
  public Clock redisClock() {
    return backend.clock();
  }

  @Override
  public GameMap createMap(NewMap map, Instant now) {
    return writes.create(map, now);
  }

  @Override
  public Optional<GameMap> findMap(String mapId) {
    return reads.findMap(mapId);
  }

  @Override
  public MapPage listMaps(MapQuery query) {
    return reads.listMaps(query);
  }

  @Override
  public Optional<GameMap> deleteMap(String mapId, Instant now) {
    return writes.delete(mapId, now);
  }

  @Override
  public List<GameMap> dueMaps(Instant now, int limit, int offset) {
    return reads.dueMaps(now, limit, offset);
  }

  @Override
  public Optional<Instant> nextDueTime() {
    return reads.nextDueTime();
  }

  @Override
  public List<GameMap> claim(List<ClaimRequest> requests, Instant now, Duration leaseTimeout) {
    return writes.claim(requests, now, leaseTimeout);
  }

  /** One script for the whole batch, so it is atomic. */
  @Override
  public CycleResult completeAndClaim(
      List<Completion> completions, List<ClaimRequest> claims, Instant now, Duration leaseTimeout) {
    return writes.completeAndClaim(completions, claims, now, leaseTimeout);
  }

  @Override
  public CompletionResult complete(
      String mapId, String jobId, String serverId, Instant nextRoundTime, Instant now) {
    return writes.complete(mapId, jobId, serverId, nextRoundTime, now);
  }

  @Override
  public Optional<GameMap> release(LeaseRelease release, Instant now) {
    return writes.release(release, now);
  }

  @Override
  public MoveResult move(MapMove move, Instant now, Duration leaseTimeout) {
    return writes.move(move, now, leaseTimeout);
  }

  @Override
  public boolean renew(String mapId, String jobId, Instant deadline) {
    return writes.renew(mapId, jobId, deadline);
  }

  @Override
  public List<Lease> expiredLeases(Instant now, int limit) {
    return reads.expiredLeases(now, limit);
  }

  @Override
  public List<Lease> leasesOf(String serverId) {
    return reads.leasesOf(serverId);
  }

  @Override
  public GameMap retry(String mapId, Instant now) {
    return writes.retry(mapId, now);
  }

  @Override
  public QueueStats queueStats(Instant now) {
    return reads.queueStats(now);
  }

  @Override
  public List<TaskRecord> history(String mapId, int limit) {
    return reads.history(mapId, limit);
  }

  @Override
  public Optional<TaskRecord> findTask(String jobId) {
    return reads.findTask(jobId);
  }

  @Override
  public long purgeHistory(Instant cutoff) {
    return writes.purge(cutoff);
  }

  @Override
  public void saveServer(GameServer server) {
    writes.saveServer(server);
  }

  @Override
  public Optional<GameServer> findServer(String serverId) {
    return reads.findServer(serverId);
  }

  @Override
  public List<GameServer> listServers(ServerStatus status) {
    return reads.listServers(status);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Listeners run on the store's signal thread. After the pub/sub connection was lost and
   * re-established they get {@link StoreListener#signalsResumed()}.
   */
  @Override
  public Subscription subscribe(StoreListener listener) {
    return backend.subscribe(listener);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Local listeners hear it at once; the publish to other hosts is coalesced to at most one per
   * 20 ms. Never blocks and never throws: a signal lost while Redis is away is made up by {@code
   * signalsResumed} on the other hosts.
   */
  @Override
  public void signalMapsChanged() {
    backend.signalMapsChanged();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Best effort: a host that is disconnected from Redis at that moment misses it.
   */
  @Override
  public void routeCommand(String serverId, ServerCommand command) {
    backend.routeCommand(serverId, command);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The stream {@code {P}:events} (newest 10,000 events or a few more), shared by every
   * host on the prefix.
   */
  @Override
  public Optional<EventLog> eventLog() {
    return Optional.of(backend.events());
  }

  @Override
  public boolean isReachable() {
    return !closed.get() && backend.isReachable();
  }

  /** Closes the connections and, if the store created it, the Lettuce client. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      backend.close();
    }
  }
}
