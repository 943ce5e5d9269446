package dev.orchestrator.core.policy;

import dev.orchestrator.core.model.GameMap;
import java.time.Instant;
import java.util.List;

/**
 * Decides which due map goes to which free server. A pure function: no I/O, no clocks, no
 * shared state, so it can be tested with plain values.
 *
 * <p>The engine calls it with due maps in the default order (priority, then oldest due
 * first) and servers that have free slots. It may leave maps unassigned (they stay queued
 * and are reported as waiting). The engine drops pairs that name unknown maps or servers,
 * assign a map twice, or exceed a server's free slots.
 */
@FunctionalInterface
public interface AssignmentPolicy {

  /**
   * Pairs maps with servers.
   *
   * @param dueMaps maps whose time has come, in the default order; never null
   * @param servers servers with at least one free slot; never null
   * @param now the engine's current time
   * @return the decisions; never null
   */
  List<Assignment> assign(List<GameMap> dueMaps, List<ServerCandidate> servers, Instant now);
}
