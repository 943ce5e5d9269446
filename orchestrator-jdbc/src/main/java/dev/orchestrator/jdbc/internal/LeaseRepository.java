package dev.orchestrator.jdbc.internal;

import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.Lease;
import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.model.TaskRecord;
import dev.orchestrator.core.spi.ClaimRequest;
import dev.orchestrator.core.spi.Completion;
import dev.orchestrator.core.spi.CompletionResult;
import dev.orchestrator.core.spi.CycleResult;
import dev.orchestrator.core.spi.LeaseRelease;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Leases: claim, complete, release, renew. Each is one transaction, and each change after the claim
 * applies only while the named job is the map's live lease (fencing), so a late or stale write
 * changes nothing.
 */
public final class LeaseRepository {
  private final Transactions tx;
  private final Dialect dialect;

  /** Leases on {@code tx}'s database. */
  public LeaseRepository(Transactions tx, Dialect dialect) {
    this.tx = tx;
    this.dialect = dialect;
  }

  /** Grants the requests whose maps are queued, due and at the expected version. */
  public List<GameMap> claim(List<ClaimRequest> requests, Instant now, Duration leaseTimeout) {
    List<ClaimRequest> unique = firstPerMap(requests);
    if (unique.isEmpty()) {
      return List.of();
    }
    Instant deadline = Timestamps.micros(now.plus(leaseTimeout));
    return tx.inTransaction(
        "claim " + unique.size() + " map(s)",
        c ->
            dialect == Dialect.POSTGRESQL
                ? ClaimStatements.postgres(c, unique, now, deadline)
                : ClaimStatements.batched(c, unique, now, deadline));
  }

  /**
   * Applies {@code completions} and then {@code claims} in one transaction; see {@link
   * dev.orchestrator.core.spi.OrchestratorStore#completeAndClaim}.
   */
  public CycleResult completeAndClaim(
      List<Completion> completions, List<ClaimRequest> claims, Instant now, Duration leaseTimeout) {
    List<ClaimRequest> unique = firstPerMap(claims);
    Instant deadline = Timestamps.micros(now.plus(leaseTimeout));
    return tx.inTransaction(
        "complete " + completions.size() + " job(s) and claim " + unique.size() + " map(s)",
        c -> {
          LockedMaps maps = new LockedMaps(c);
          List<String> ids = new ArrayList<>();
          completions.forEach(completion -> ids.add(completion.mapId()));
          maps.lock(ids, false);
          List<CompletionResult> results = maps.complete(completions, now);
          ids.clear();
          unique.forEach(request -> ids.add(request.mapId()));
          maps.lock(ids, dialect == Dialect.POSTGRESQL);
          List<GameMap> leased = maps.claim(unique, now, deadline);
          maps.write();
          return new CycleResult(results, leased);
        });
  }

  /** Completes the round of {@code jobId} if it is the live lease held by {@code serverId}. */
  public CompletionResult complete(
      String mapId, String jobId, String serverId, Instant nextRoundTime, Instant now) {
    Completion completion = new Completion(mapId, jobId, serverId, nextRoundTime);
    return tx.inTransaction(
        "complete job '" + jobId + "' of map '" + mapId + "'",
        c -> {
          LockedMaps maps = new LockedMaps(c);
          maps.lock(List.of(mapId), false);
          CompletionResult result = maps.complete(List.of(completion), now).get(0);
          maps.write();
          return result;
        });
  }

  /** Ends the live lease {@code release.jobId()} without completing its round. */
  public Optional<GameMap> release(LeaseRelease release, Instant now) {
    return tx.inTransaction(
        "release job '" + release.jobId() + "' of map '" + release.mapId() + "'",
        c -> {
          GameMap map = MapRepository.lock(c, release.mapId());
          if (map == null || map.lease() == null || !map.lease().jobId().equals(release.jobId())) {
            return Optional.empty();
          }
          GameMap released =
              map.leaseReleased(Timestamps.micros(release.requeueAt()), release.error());
          MapRepository.write(c, map, released);
          HistoryRepository.append(
              c, TaskRecord.of(map.lease(), now, release.outcome(), release.error()));
          return Optional.of(released);
        });
  }

  /** Moves the deadline of the live lease {@code jobId}; false if it is not live. */
  public boolean renew(String mapId, String jobId, Instant deadline) {
    return tx.inTransaction(
        "renew job '" + jobId + "' of map '" + mapId + "'",
        c -> {
          try (PreparedStatement statement =
              c.prepareStatement(
                  "UPDATE maps SET lease_deadline = ?, version = version + 1"
                      + " WHERE map_id = ? AND job_id = ? AND status = 'processing'")) {
            Timestamps.set(statement, 1, deadline);
            statement.setString(2, mapId);
            statement.setString(3, jobId);
            return statement.executeUpdate() == 1;
          }
        });
  }

  /**
   * Keeps the first request per map: after it wins, the map is processing, so any later request for
   * the same map in the batch would fail anyway.
   */
  private static List<ClaimRequest> firstPerMap(List<ClaimRequest> requests) {
    Map<String, ClaimRequest> first = new LinkedHashMap<>();
    for (ClaimRequest request : requests) {
      first.putIfAbsent(request.mapId(), request);
    }
    return new ArrayList<>(first.values());
  }
}
