package dev.orchestrator.core.internal.policy;

import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.policy.Assignment;
import dev.orchestrator.core.policy.AssignmentPolicy;
import dev.orchestrator.core.policy.ServerCandidate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Gives each map in turn the best-ranked server with room. Servers are grouped by their exact
 * label set, one priority queue per group, so a run costs O(maps x (groups + log servers))
 * rather than maps x servers.
 */
public final class GreedyPolicy implements AssignmentPolicy {
  private final SlotRanking ranking;
  private final boolean honorLabels;

  public GreedyPolicy(SlotRanking ranking, boolean honorLabels) {
    this.ranking = ranking;
    this.honorLabels = honorLabels;
  }

  /** The same ranking, restricted to servers that satisfy a map's labels. */
  public GreedyPolicy withLabels() {
    return new GreedyPolicy(ranking, true);
  }

  @Override
  public List<Assignment> assign(
      List<GameMap> dueMaps, List<ServerCandidate> servers, Instant now) {
    List<Group> groups = groupServers(servers);
    Map<Map<String, String>, List<Group>> eligibleByLabels = new HashMap<>();
    List<Assignment> result = new ArrayList<>(Math.min(dueMaps.size(), servers.size()));
    for (GameMap map : dueMaps) {
      Map<String, String> required = honorLabels ? map.labels() : Map.of();
      List<Group> eligible =
          eligibleByLabels.computeIfAbsent(required, labels -> eligibleGroups(groups, labels));
      Group best = bestGroup(eligible);
      if (best == null) {
        continue;
      }
      Slot slot = best.queue.poll();
      slot.take();
      if (slot.hasRoom()) {
        best.queue.add(slot);
      }
      result.add(new Assignment(map.mapId(), slot.server().serverId()));
    }
    return result;
  }

  private List<Group> groupServers(List<ServerCandidate> servers) {
    Map<Map<String, String>, Group> byLabels = new LinkedHashMap<>();
    for (int i = 0; i < servers.size(); i++) {
      ServerCandidate server = servers.get(i);
      if (server.freeSlots() == 0) {
        continue;
      }
      Map<String, String> key = honorLabels ? server.labels() : Map.of();
      byLabels
          .computeIfAbsent(key, labels -> new Group(labels, ranking))
          .queue
          .add(new Slot(server, i));
    }
    return new ArrayList<>(byLabels.values());
  }

  private static List<Group> eligibleGroups(List<Group> groups, Map<String, String> required) {
    List<Group> eligible = new ArrayList<>();
    for (Group group : groups) {
      if (group.labels.entrySet().containsAll(required.entrySet())) {
        eligible.add(group);
      }
    }
    return eligible;
  }

  private Group bestGroup(List<Group> eligible) {
    Group best = null;
    for (Group group : eligible) {
      Slot head = group.queue.peek();
      if (head != null
          && (best == null || ranking.order().compare(head, best.queue.peek()) < 0)) {
        best = group;
      }
    }
    return best;
  }

  @Override
  public String toString() {
    return "GreedyPolicy[" + ranking + (honorLabels ? ", labels" : "") + "]";
  }

  private static final class Group {
    final Map<String, String> labels;
    final PriorityQueue<Slot> queue;

    Group(Map<String, String> labels, SlotRanking ranking) {
      this.labels = labels;
      this.queue = new PriorityQueue<>(ranking.order());
    }
  }
}
