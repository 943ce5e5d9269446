package dev.orchestrator.core.engine;

import static dev.orchestrator.core.engine.EngineHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.contract.ScriptedServer;
import dev.orchestrator.core.memory.InMemoryStore;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.spi.OrchestratorStore;
import dev.orchestrator.core.testing.ManualScheduler;
import dev.orchestrator.core.testing.SettableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A lease is dated when it is claimed. A pass that read the clock and then waited on the store
 * must not date its leases back to when it began: another host may have ended the previous
 * lease of the same map in between, and the history would show the two leases overlapping.
 */
class LeaseStartTest {
  private static final Duration SLOW_READ = Duration.ofMillis(40);

  @Test
  void shouldDateALeaseFromItsClaimNotFromTheStartOfThePass() {
    // Given a store whose schedule read takes 40 ms of (virtual) time
    SettableClock clock = new SettableClock(T0);
    InMemoryStore memory = new InMemoryStore();
    OrchestratorStore slowReads = InterceptedStore.of(memory, method -> {
      if (method.equals("dueMaps")) {
        clock.advance(SLOW_READ);
      }
    });
    memory.createMap(NewMap.of("m1", "s1"), T0);
    try (Orchestrator orchestrator = Orchestrator.builder().store(slowReads).clock(clock)
        .scheduler(new ManualScheduler(clock)).hostId("test-host").build()) {
      orchestrator.start();

      // When a server arrives and a pass reads the schedule and claims the map
      ScriptedServer server = new ScriptedServer("s1");
      server.connectedAs(orchestrator.attach(server));

      // Then the lease starts after the read, when the claim was made
      assertThat(orchestrator.findMap("m1").orElseThrow().lease().assignedAt())
          .isAfterOrEqualTo(T0.plus(SLOW_READ));
    }
  }
}
