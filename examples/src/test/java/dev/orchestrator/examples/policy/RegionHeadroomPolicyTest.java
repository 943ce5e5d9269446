package dev.orchestrator.examples.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.policy.Assignment;
import dev.orchestrator.core.policy.ServerCandidate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The policy on its own: plain values in, pairs out. No store, no engine, no threads, no network;
 * copy this shape to test your own policy.
 */
class RegionHeadroomPolicyTest {
  private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

  private final RegionHeadroomPolicy policy = new RegionHeadroomPolicy();

  @Test
  void shouldGiveARegionalMapToAServerInItsRegionEvenWhenAnotherHasMoreHeadroom() {
    // Given a map for eu, a busy eu server and an idle us server
    List<GameMap> maps = List.of(map("planet_eu", "eu"));
    List<ServerCandidate> servers =
        List.of(server("us_1", "us", 5.0, 20.0), server("eu_1", "eu", 90.0, 20.0));

    // When the policy decides
    List<Assignment> decisions = policy.assign(maps, servers, NOW);

    // Then the map goes to its region
    assertThat(decisions).containsExactly(new Assignment("planet_eu", "eu_1"));
  }

  @Test
  void shouldLeaveARegionalMapWaitingWhenNoServerIsInItsRegion() {
    // Given a map for asia and servers elsewhere or without a region
    List<GameMap> maps = List.of(map("planet_asia", "asia"));
    List<ServerCandidate> servers =
        List.of(server("eu_1", "eu", 10.0, 10.0), server("any_1", null, 10.0, 10.0));

    // When the policy decides
    List<Assignment> decisions = policy.assign(maps, servers, NOW);

    // Then nothing is assigned, and the map stays queued
    assertThat(decisions).isEmpty();
  }

  @Test
  void shouldGiveAMapWithoutARegionToTheServerWithMostCpuHeadroomInAnyRegion() {
    // Given a map with no region and servers in several regions
    List<GameMap> maps = List.of(map("planet_1", null));
    List<ServerCandidate> servers =
        List.of(
            server("eu_1", "eu", 40.0, 10.0),
            server("us_1", "us", 15.0, 10.0),
            server("plain", null, 30.0, 10.0));

    // When the policy decides
    List<Assignment> decisions = policy.assign(maps, servers, NOW);

    // Then the least busy CPU wins, wherever it is
    assertThat(decisions).containsExactly(new Assignment("planet_1", "us_1"));
  }

  @Test
  void shouldCountAServerThatNeverReportedItsCpuAsHalfBusy() {
    // Given a silent server between one at 40% and one at 60%
    List<GameMap> maps =
        List.of(map("planet_1", null), map("planet_2", null), map("planet_3", null));
    List<ServerCandidate> servers =
        List.of(
            server("at_60", null, 60.0, 10.0),
            server("silent", null, null, 10.0),
            server("at_40", null, 40.0, 10.0));

    // When the policy decides
    List<Assignment> decisions = policy.assign(maps, servers, NOW);

    // Then the silent one ranks as 50%: after 40% and before 60%
    assertThat(decisions)
        .containsExactly(
            new Assignment("planet_1", "at_40"),
            new Assignment("planet_2", "silent"),
            new Assignment("planet_3", "at_60"));
  }

  @Test
  void shouldNeverUseAServerAboveEightyFivePercentRam() {
    // Given an idle CPU with almost full RAM, and a busier server right at the limit
    List<GameMap> maps = List.of(map("planet_1", null), map("planet_2", null));
    List<ServerCandidate> servers =
        List.of(server("ram_full", null, 1.0, 85.1), server("ram_at_limit", null, 70.0, 85.0));

    // When the policy decides
    List<Assignment> decisions = policy.assign(maps, servers, NOW);

    // Then only the server at the limit takes work, and only as much as it has room for
    assertThat(decisions).containsExactly(new Assignment("planet_1", "ram_at_limit"));
  }

  @Test
  void shouldNotHandAServerMoreMapsThanItHasFreeSlots() {
    // Given four maps and a three-slot server already running one job
    List<GameMap> maps =
        List.of(map("m1", null), map("m2", null), map("m3", null), map("m4", null));
    List<ServerCandidate> servers =
        List.of(new ServerCandidate("big", Map.of(), 3, 1, 10.0, 10.0, Map.of()));

    // When the policy decides
    List<Assignment> decisions = policy.assign(maps, servers, NOW);

    // Then it gets two, the first two
    assertThat(decisions).containsExactly(new Assignment("m1", "big"), new Assignment("m2", "big"));
  }

  @Test
  void shouldServeMapsInTheOrderGivenWhenServersAreScarce() {
    // Given three maps in priority order and two servers
    List<GameMap> maps = List.of(map("urgent", null), map("soon", null), map("later", null));
    List<ServerCandidate> servers =
        List.of(server("a", null, 20.0, 10.0), server("b", null, 10.0, 10.0));

    // When the policy decides
    List<Assignment> decisions = policy.assign(maps, servers, NOW);

    // Then the first maps get the servers, the best server first, and the decisions keep map order
    assertThat(decisions)
        .containsExactly(new Assignment("urgent", "b"), new Assignment("soon", "a"));
  }

  @Test
  void shouldLetALaterMapUseAServerThatAnEarlierRegionalMapCouldNotTake() {
    // Given an eu map first, a map without region second, and only a us server
    List<GameMap> maps = List.of(map("planet_eu", "eu"), map("planet_any", null));
    List<ServerCandidate> servers = List.of(server("us_1", "us", 10.0, 10.0));

    // When the policy decides
    List<Assignment> decisions = policy.assign(maps, servers, NOW);

    // Then the eu map waits and the other one runs
    assertThat(decisions).containsExactly(new Assignment("planet_any", "us_1"));
  }

  @Test
  void shouldBreakCpuTiesByTheServerOrderGiven() {
    // Given two servers with the same CPU figure
    List<GameMap> maps = List.of(map("planet_1", null));
    List<ServerCandidate> servers =
        List.of(server("first", null, 30.0, 10.0), server("second", null, 30.0, 10.0));

    // When the policy decides
    List<Assignment> decisions = policy.assign(maps, servers, NOW);

    // Then the one listed first wins
    assertThat(decisions).containsExactly(new Assignment("planet_1", "first"));
  }

  @Test
  void shouldAssignNothingWhenThereAreNoServers() {
    // Given due maps and nobody to run them
    List<GameMap> maps = List.of(map("planet_1", "eu"), map("planet_2", null));

    // When the policy decides, then the answer is empty rather than an error
    assertThat(policy.assign(maps, List.of(), NOW)).isEmpty();
  }

  private static GameMap map(String mapId, String region) {
    Map<String, String> labels =
        region == null ? Map.of() : Map.of(RegionHeadroomPolicy.REGION, region);
    return GameMap.create(NewMap.of(mapId, "season_1").withLabels(labels), NOW);
  }

  private static ServerCandidate server(String serverId, String region, Double cpu, Double ram) {
    Map<String, String> labels =
        region == null ? Map.of() : Map.of(RegionHeadroomPolicy.REGION, region);
    return new ServerCandidate(serverId, labels, 1, 0, cpu, ram, Map.of());
  }
}
