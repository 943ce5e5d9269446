package dev.orchestrator.examples.policy;

import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.policy.Assignment;
import dev.orchestrator.core.policy.ServerCandidate;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Calls {@link RegionHeadroomPolicy} once on a handful of maps and servers and prints what it
 * decided: a policy is a plain function, so trying one needs no orchestrator at all.
 */
public final class RegionHeadroomPolicyMain {

  private RegionHeadroomPolicyMain() {}

  /** Prints one line per map: the server it goes to, or that it waits. */
  public static void main(String[] args) {
    Instant now = Instant.now();
    List<GameMap> maps =
        List.of(
            GameMap.create(NewMap.of("planet_eu", "s1").withLabels(Map.of("region", "eu")), now),
            GameMap.create(
                NewMap.of("planet_asia", "s1").withLabels(Map.of("region", "asia")), now),
            GameMap.create(NewMap.of("planet_any", "s1"), now),
            GameMap.create(NewMap.of("planet_any_2", "s1"), now));
    List<ServerCandidate> servers =
        List.of(
            new ServerCandidate("eu_busy", Map.of("region", "eu"), 1, 0, 80.0, 40.0, Map.of()),
            new ServerCandidate("us_idle", Map.of("region", "us"), 1, 0, 10.0, 30.0, Map.of()),
            new ServerCandidate("us_no_ram", Map.of("region", "us"), 1, 0, 1.0, 95.0, Map.of()));
    List<Assignment> decisions = new RegionHeadroomPolicy().assign(maps, servers, now);
    for (GameMap map : maps) {
      String server =
          decisions.stream()
              .filter(decision -> decision.mapId().equals(map.mapId()))
              .map(Assignment::serverId)
              .findFirst()
              .orElse("(waits)");
      System.out.printf("%-13s -> %s%n", map.mapId(), server);
    }
  }
}
