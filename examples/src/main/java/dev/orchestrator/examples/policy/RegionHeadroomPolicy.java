package dev.orchestrator.examples.policy;

import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.policy.Assignment;
import dev.orchestrator.core.policy.AssignmentPolicy;
import dev.orchestrator.core.policy.ServerCandidate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A custom policy: region affinity first, then the most CPU headroom.
 *
 * <ul>
 *   <li>A map with a {@code region} label goes only to a server whose {@code region} label is
 *       equal; a map without one may go to any server. Other labels are not looked at.
 *   <li>Among the servers allowed, the one with the lowest reported {@code cpuUsage} wins; a server
 *       that never reported its CPU counts as 50%. Ties go to the server listed first.
 *   <li>A server above {@value #MAX_RAM_PERCENT}% RAM gets nothing; one that never reported its RAM
 *       is not excluded.
 *   <li>No server gets more maps than it has free slots.
 *   <li>Maps are served in the order given (the engine's priority order), so when servers are
 *       scarce the first maps get them; a map that no server can take is left out.
 * </ul>
 *
 * <p>A pure function of its arguments: stateless and thread-safe.
 */
public final class RegionHeadroomPolicy implements AssignmentPolicy {
  /** The label that maps and servers name their region with. */
  public static final String REGION = "region";

  /** The highest RAM usage, in percent, of a server that may still take work. */
  public static final double MAX_RAM_PERCENT = 85.0;

  /** The CPU usage assumed for a server that has not reported one. */
  public static final double UNKNOWN_CPU_PERCENT = 50.0;

  private static final Comparator<ServerCandidate> MOST_HEADROOM =
      Comparator.comparingDouble(RegionHeadroomPolicy::cpu);

  @Override
  public List<Assignment> assign(
      List<GameMap> dueMaps, List<ServerCandidate> servers, Instant now) {
    Map<String, Integer> freeSlots = new HashMap<>();
    List<ServerCandidate> usable = new ArrayList<>();
    for (ServerCandidate server : servers) {
      if (hasRamToSpare(server) && server.freeSlots() > 0) {
        usable.add(server);
        freeSlots.put(server.serverId(), server.freeSlots());
      }
    }
    // A stable sort keeps the input order among equal CPU figures, so ties are predictable.
    usable.sort(MOST_HEADROOM);
    List<Assignment> result = new ArrayList<>();
    for (GameMap map : dueMaps) {
      Optional<ServerCandidate> chosen =
          usable.stream()
              .filter(server -> freeSlots.get(server.serverId()) > 0)
              .filter(server -> inRegionOf(map, server))
              .findFirst();
      chosen.ifPresent(
          server -> {
            freeSlots.merge(server.serverId(), -1, Integer::sum);
            result.add(new Assignment(map.mapId(), server.serverId()));
          });
    }
    return result;
  }

  private static boolean inRegionOf(GameMap map, ServerCandidate server) {
    String wanted = map.labels().get(REGION);
    return wanted == null || wanted.equals(server.labels().get(REGION));
  }

  private static boolean hasRamToSpare(ServerCandidate server) {
    return server.ramUsage() == null || server.ramUsage() <= MAX_RAM_PERCENT;
  }

  private static double cpu(ServerCandidate server) {
    return server.cpuUsage() == null ? UNKNOWN_CPU_PERCENT : server.cpuUsage();
  }
}
