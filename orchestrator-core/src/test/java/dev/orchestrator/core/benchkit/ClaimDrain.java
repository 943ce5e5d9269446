package dev.orchestrator.core.benchkit;

import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.spi.ClaimRequest;
import dev.orchestrator.core.spi.OrchestratorStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The store-level claim benchmark's work, the same for every store: fill the store with due
 * maps, then claim them all in batches the way the engine's pass does (read due maps, claim
 * them), spread over 1,000 server ids. Not thread-safe: one per benchmark state.
 */
public final class ClaimDrain {
  /** Maps created per iteration and claimed per invocation. */
  public static final int MAPS = 10_000;

  private static final Duration LEASE = Duration.ofMinutes(5);
  private long jobs;

  /** Creates {@link #MAPS} maps, due a minute before the store's clock says now. */
  public static void fill(OrchestratorStore store, Clock clock) {
    Instant due = clock.instant().minusSeconds(60);
    IntStream.range(0, MAPS)
        .parallel()
        .forEach(i -> store.createMap(NewMap.of("map-" + i, "s").dueAt(due), due));
  }

  /**
   * Claims every due map, {@code batch} at a time.
   *
   * @return how many were claimed
   * @throws IllegalStateException unless that is all {@link #MAPS}
   */
  public int claimAll(OrchestratorStore store, Clock clock, int batch) {
    int claimed = 0;
    List<GameMap> due;
    while (!(due = store.dueMaps(clock.instant(), batch, 0)).isEmpty()) {
      List<ClaimRequest> requests = new ArrayList<>(due.size());
      for (GameMap map : due) {
        requests.add(
            new ClaimRequest(map.mapId(), map.version(), "srv-" + (jobs % 1000), "job-" + jobs++));
      }
      claimed += store.claim(requests, clock.instant(), LEASE).size();
    }
    if (claimed != MAPS) {
      throw new IllegalStateException("claimed " + claimed + " of " + MAPS + " maps");
    }
    return claimed;
  }
}
