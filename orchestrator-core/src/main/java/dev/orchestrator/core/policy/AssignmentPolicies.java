package dev.orchestrator.core.policy;

import dev.orchestrator.core.internal.policy.GreedyPolicy;
import dev.orchestrator.core.internal.policy.SlotRanking;

/**
 * The built-in policies. Each keeps the maps' order (priority, then oldest due first) and
 * gives every map, in turn, the best-ranked server with a free slot.
 */
public final class AssignmentPolicies {

  private AssignmentPolicies() {}

  /**
   * The default: a map's labels must be satisfied by the server's, and among those the
   * least-loaded server wins.
   */
  public static AssignmentPolicy defaultPolicy() {
    return labelAffinity(leastLoaded());
  }

  /** The first server in the given order that has a free slot; labels are ignored. */
  public static AssignmentPolicy firstFree() {
    return new GreedyPolicy(SlotRanking.FIRST_FREE, false);
  }

  /**
   * The server with the lowest load: used share of its slots, then reported cpu + ram; labels
   * are ignored.
   */
  public static AssignmentPolicy leastLoaded() {
    return new GreedyPolicy(SlotRanking.LEAST_LOADED, false);
  }

  /** For servers with capacity above one: fill the fullest server first, keep others empty. */
  public static AssignmentPolicy packed() {
    return new GreedyPolicy(SlotRanking.PACKED, false);
  }

  /** For servers with capacity above one: the emptiest server first. */
  public static AssignmentPolicy spread() {
    return new GreedyPolicy(SlotRanking.SPREAD, false);
  }

  /**
   * {@code ranking}, restricted to servers whose labels satisfy the map's. A map that no
   * server satisfies is left unassigned.
   *
   * @param ranking one of this class's policies
   * @throws IllegalArgumentException if {@code ranking} is not a built-in policy
   */
  public static AssignmentPolicy labelAffinity(AssignmentPolicy ranking) {
    if (!(ranking instanceof GreedyPolicy greedy)) {
      throw new IllegalArgumentException(
          "labelAffinity takes a built-in policy (firstFree, leastLoaded, packed, spread), got "
              + ranking);
    }
    return greedy.withLabels();
  }
}
