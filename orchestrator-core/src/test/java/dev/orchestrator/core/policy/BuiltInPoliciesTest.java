package dev.orchestrator.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.NewMap;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The built-in policies as pure functions: plain values in, pairs out. */
class BuiltInPoliciesTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  private static GameMap map(String id, Map<String, String> labels) {
    return GameMap.create(NewMap.of(id, "s").withLabels(labels), NOW);
  }

  private static List<GameMap> maps(int count) {
    return IntStream.range(0, count).mapToObj(i -> map("m" + i, Map.of())).toList();
  }

  private static ServerCandidate server(String id, int capacity, int active, Double cpu,
      Double ram, Map<String, String> labels) {
    return new ServerCandidate(id, labels, capacity, active, cpu, ram, Map.of());
  }

  @Test
  void shouldGiveEachMapTheFirstServerWithRoomInOrder() {
    List<Assignment> pairs =
        AssignmentPolicies.firstFree()
            .assign(maps(3), List.of(server("a", 2, 1, null, null, Map.of()),
                server("b", 1, 0, null, null, Map.of())), NOW);

    assertThat(pairs).containsExactly(new Assignment("m0", "a"), new Assignment("m1", "b"));
  }

  @Test
  void shouldPreferServerWithLowestCpuAndRam() {
    List<ServerCandidate> servers =
        List.of(
            server("hot", 1, 0, 90.0, 80.0, Map.of()),
            server("cool", 1, 0, 10.0, 20.0, Map.of()),
            server("warm", 1, 0, 50.0, 50.0, Map.of()));

    List<Assignment> pairs = AssignmentPolicies.leastLoaded().assign(maps(2), servers, NOW);

    assertThat(pairs).containsExactly(new Assignment("m0", "cool"), new Assignment("m1", "warm"));
  }

  @Test
  void shouldFillOneServerFirstWhenPackedAndSpreadOtherwise() {
    List<ServerCandidate> servers =
        List.of(server("a", 3, 0, null, null, Map.of()), server("b", 3, 1, null, null, Map.of()));

    List<Assignment> packed = AssignmentPolicies.packed().assign(maps(3), servers, NOW);
    List<Assignment> spread = AssignmentPolicies.spread().assign(maps(3), servers, NOW);

    assertThat(packed).extracting(Assignment::serverId).containsExactly("b", "b", "a");
    assertThat(spread).extracting(Assignment::serverId).containsExactly("a", "a", "b");
  }

  @Test
  void shouldOnlyPlaceMapsOnServersWhoseLabelsSatisfyTheirs() {
    List<GameMap> due =
        List.of(
            map("eu-map", Map.of("region", "eu")),
            map("any-map", Map.of()),
            map("ap-map", Map.of("region", "ap")));
    List<ServerCandidate> servers =
        List.of(
            server("us-1", 1, 0, null, null, Map.of("region", "us")),
            server("eu-1", 1, 0, null, null, Map.of("region", "eu", "gpu", "yes")));

    List<Assignment> pairs = AssignmentPolicies.defaultPolicy().assign(due, servers, NOW);

    assertThat(pairs)
        .containsExactly(new Assignment("eu-map", "eu-1"), new Assignment("any-map", "us-1"));
  }

  @Test
  void shouldIgnoreLabelsUnlessAskedTo() {
    List<Assignment> pairs =
        AssignmentPolicies.firstFree()
            .assign(List.of(map("eu-map", Map.of("region", "eu"))),
                List.of(server("us-1", 1, 0, null, null, Map.of("region", "us"))), NOW);

    assertThat(pairs).containsExactly(new Assignment("eu-map", "us-1"));
  }

  @Test
  void shouldKeepMapOrderWhenServersRunOutAndNeverExceedSlots() {
    List<ServerCandidate> servers =
        IntStream.range(0, 5).mapToObj(i -> server("s" + i, 2, 1, null, null, Map.of())).toList();

    List<Assignment> pairs = AssignmentPolicies.defaultPolicy().assign(maps(20), servers, NOW);

    assertThat(pairs).extracting(Assignment::mapId)
        .containsExactly("m0", "m1", "m2", "m3", "m4");
    assertThat(pairs).extracting(Assignment::serverId).doesNotHaveDuplicates();
  }

  @Test
  void shouldRefuseLabelAffinityOverACustomPolicy() {
    AssignmentPolicy custom = (maps, servers, now) -> List.of();

    assertThatThrownBy(() -> AssignmentPolicies.labelAffinity(custom))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("labelAffinity");
  }
}
