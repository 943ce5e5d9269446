package dev.orchestrator.redis.internal;

import dev.orchestrator.core.MapExistsException;
import dev.orchestrator.core.MapNotFoundException;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.GameServer;
import dev.orchestrator.core.model.Lease;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.spi.ClaimRequest;
import dev.orchestrator.core.spi.Completion;
import dev.orchestrator.core.spi.CompletionResult;
import dev.orchestrator.core.spi.CycleResult;
import dev.orchestrator.core.spi.LeaseRelease;
import dev.orchestrator.core.spi.MapMove;
import dev.orchestrator.core.spi.MoveResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every change to the store, each one script call and so atomic in Redis: either all its keys
 * change or none do.
 */
public final class MapWrites {
  private static final int PURGE_CHUNK = 500;

  private final ScriptRunner scripts;
  private final Codec codec;
  private final Keys keys;

  MapWrites(ScriptRunner scripts, Codec codec, Keys keys) {
    this.scripts = scripts;
    this.codec = codec;
    this.keys = keys;
  }

  /** See {@link dev.orchestrator.core.spi.OrchestratorStore#createMap}. */
  public GameMap create(NewMap spec, Instant now) {
    List<Object> reply =
        scripts.run(
            Script.CREATE,
            List.of(keys.map(spec.mapId()), keys.maps(), keys.queued()),
            now,
            List.of(
                spec.mapId(),
                spec.seasonId(),
                Long.toString(spec.roundId()),
                Long.toString(spec.currentRoundNumber()),
                Codec.optTime(spec.nextRoundTime()),
                Integer.toString(spec.priority()),
                codec.json(spec.labels()),
                spec.mapConfig()));
    if ("exists".equals(reply.get(0))) {
      throw new MapExistsException(spec.mapId());
    }
    return codec.map(reply.get(1));
  }

  /** See {@link dev.orchestrator.core.spi.OrchestratorStore#claim}. */
  public List<GameMap> claim(List<ClaimRequest> requests, Instant now, Duration leaseTimeout) {
    if (requests.isEmpty()) {
      return List.of();
    }
    List<String> mapKeys = new ArrayList<>(requests.size() + 2);
    mapKeys.add(keys.queued());
    mapKeys.add(keys.leases());
    List<String> args = new ArrayList<>(1 + 4 * requests.size());
    args.add(Long.toString(Micros.of(leaseTimeout)));
    addClaims(requests, mapKeys, args);
    return codec.maps(scripts.run(Script.CLAIM, mapKeys, now, args));
  }

  private void addClaims(List<ClaimRequest> requests, List<String> scriptKeys, List<String> args) {
    for (ClaimRequest request : requests) {
      scriptKeys.add(keys.map(request.mapId()));
      args.add(request.mapId());
      args.add(Long.toString(request.expectedVersion()));
      args.add(request.serverId());
      args.add(request.jobId());
    }
  }

  /** See {@link dev.orchestrator.core.spi.OrchestratorStore#complete}. */
  public CompletionResult complete(
      String mapId, String jobId, String serverId, Instant nextRoundTime, Instant now) {
    List<Object> reply =
        scripts.run(
            Script.COMPLETE,
            List.of(keys.map(mapId), keys.job(jobId), keys.history(mapId)),
            now,
            List.of(mapId, jobId, serverId, Codec.optTime(nextRoundTime)));
    return completionResult(reply);
  }

  /** See {@link dev.orchestrator.core.spi.OrchestratorStore#completeAndClaim}: one script. */
  public CycleResult completeAndClaim(
      List<Completion> completions, List<ClaimRequest> claims, Instant now, Duration leaseTimeout) {
    List<String> scriptKeys = new ArrayList<>(3 * completions.size() + claims.size() + 2);
    scriptKeys.add(keys.queued());
    scriptKeys.add(keys.leases());
    List<String> args = new ArrayList<>(2 + 4 * (completions.size() + claims.size()));
    args.add(Long.toString(Micros.of(leaseTimeout)));
    args.add(Integer.toString(completions.size()));
    for (Completion completion : completions) {
      scriptKeys.add(keys.map(completion.mapId()));
      scriptKeys.add(keys.job(completion.jobId()));
      scriptKeys.add(keys.history(completion.mapId()));
      args.add(completion.mapId());
      args.add(completion.jobId());
      args.add(completion.serverId());
      args.add(Codec.optTime(completion.nextRoundTime()));
    }
    addClaims(claims, scriptKeys, args);
    List<Object> reply = scripts.run(Script.COMPLETE_CLAIM, scriptKeys, now, args);
    @SuppressWarnings("unchecked")
    List<GameMap> leased = codec.maps((List<Object>) reply.get(1));
    List<CompletionResult> results = new ArrayList<>(completions.size());
    for (Object completion : (List<?>) reply.get(0)) {
      List<?> result = (List<?>) completion;
      if (result.size() > 1 && result.get(1) instanceof Long position) {
        results.add(
            new CompletionResult(
                CompletionResult.Kind.APPLIED,
                beforeClaim(leased.get(position.intValue() - 1))));
      } else {
        results.add(completionResult(result));
      }
    }
    return new CycleResult(results, leased);
  }

  /**
   * The map as a completion left it, from the map leased again in the same script: the claim
   * changed only the status, the attempt (from 0), the lease and the version.
   */
  private static GameMap beforeClaim(GameMap leased) {
    return new GameMap(
        leased.mapId(),
        leased.seasonId(),
        leased.roundId(),
        leased.currentRoundNumber(),
        leased.nextRoundTime(),
        MapStatus.QUEUED,
        leased.priority(),
        leased.labels(),
        leased.mapConfig(),
        0,
        null,
        leased.lastProcessed(),
        leased.lastError(),
        leased.createdAt(),
        leased.version() - 1,
        leased.pendingMove());
  }

  private CompletionResult completionResult(List<?> reply) {
    String kind = (String) reply.get(0);
    if ("unknown".equals(kind)) {
      return new CompletionResult(CompletionResult.Kind.UNKNOWN_MAP, null);
    }
    return new CompletionResult(
        CompletionResult.Kind.valueOf(kind.toUpperCase(Locale.ROOT)), codec.map(reply.get(1)));
  }

  /** See {@link dev.orchestrator.core.spi.OrchestratorStore#release}. */
  public Optional<GameMap> release(LeaseRelease release, Instant now) {
    List<Object> reply =
        scripts.run(
            Script.RELEASE,
            List.of(
                keys.map(release.mapId()),
                keys.job(release.jobId()),
                keys.history(release.mapId())),
            now,
            List.of(
                release.mapId(),
                release.jobId(),
                release.outcome().wireName(),
                Codec.opt(release.error()),
                Codec.optTime(release.requeueAt())));
    return "released".equals(reply.get(0))
        ? Optional.of(codec.map(reply.get(1)))
        : Optional.empty();
  }

  /** See {@link dev.orchestrator.core.spi.OrchestratorStore#move}. */
  public MoveResult move(MapMove move, Instant now, Duration leaseTimeout) {
    List<Object> reply =
        scripts.run(
            Script.MOVE,
            List.of(keys.map(move.mapId()), keys.leases(), keys.queued(),
                keys.history(move.mapId())),
            now,
            List.of(
                move.mapId(),
                Codec.opt(move.fromJobId()),
                Long.toString(move.expectedVersion()),
                move.toServerId(),
                move.mode().wireName(),
                Codec.opt(move.jobId()),
                Long.toString(Micros.of(leaseTimeout)),
                move.reason()));
    switch ((String) reply.get(0)) {
      case "unknown":
        return MoveResult.unknownMap();
      case "stale":
        return MoveResult.stale(codec.map(reply.get(1)));
      default:
        Lease revoked = reply.size() > 2 ? codec.map(reply.get(2)).lease() : null;
        return new MoveResult(MoveResult.Kind.MOVED, codec.map(reply.get(1)), revoked);
    }
  }

  /** See {@link dev.orchestrator.core.spi.OrchestratorStore#renew}. */
  public boolean renew(String mapId, String jobId, Instant deadline) {
    List<Object> reply =
        scripts.run(
            Script.RENEW,
            List.of(keys.map(mapId), keys.leases()),
            null,
            List.of(mapId, jobId, Micros.text(deadline)));
    return "renewed".equals(reply.get(0));
  }

  /** See {@link dev.orchestrator.core.spi.OrchestratorStore#deleteMap}. */
  public Optional<GameMap> delete(String mapId, Instant now) {
    List<Object> reply =
        scripts.run(
            Script.DELETE,
            List.of(keys.map(mapId), keys.maps(), keys.history(mapId)),
            now,
            List.of(mapId));
    return "deleted".equals(reply.get(0)) ? Optional.of(codec.map(reply.get(1))) : Optional.empty();
  }

  /** See {@link dev.orchestrator.core.spi.OrchestratorStore#retry}. */
  public GameMap retry(String mapId, Instant now) {
    List<Object> reply =
        scripts.run(Script.RETRY, List.of(keys.map(mapId), keys.queued()), now, List.of(mapId));
    switch ((String) reply.get(0)) {
      case "missing":
        throw new MapNotFoundException(mapId);
      case "illegal":
        MapStatus.fromWire((String) reply.get(1)).checkMove(mapId, MapStatus.QUEUED);
        throw new IllegalStateException("map '" + mapId + "' reported illegal but may move");
      default:
        return codec.map(reply.get(1));
    }
  }

  /** See {@link dev.orchestrator.core.spi.OrchestratorStore#purgeHistory}. */
  public long purge(Instant cutoff) {
    long deleted = 0;
    long examined;
    do {
      List<Object> reply =
          scripts.run(
              Script.PURGE,
              List.of(keys.ended()),
              null,
              List.of(Micros.text(cutoff), Integer.toString(PURGE_CHUNK)));
      deleted += (Long) reply.get(0);
      examined = (Long) reply.get(1);
    } while (examined == PURGE_CHUNK);
    return deleted;
  }

  /** See {@link dev.orchestrator.core.spi.OrchestratorStore#saveServer}. */
  public void saveServer(GameServer server) {
    List<String> args = new ArrayList<>(34);
    args.add(server.serverId());
    args.addAll(codec.serverFields(server));
    scripts.run(
        Script.SAVE_SERVER, List.of(keys.server(server.serverId()), keys.servers()), null, args);
  }
}
