package dev.orchestrator.core.benchkit;

import dev.orchestrator.core.model.GameServer;
import dev.orchestrator.core.model.ServerMetrics;
import dev.orchestrator.core.model.ServerStatus;
import dev.orchestrator.core.spi.OrchestratorStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Registry writes as a host makes them for heartbeats: the entry of one of {@value #SERVERS}
 * attached servers, picked at random, rewritten with fresh metrics. What a store sustains here
 * divided into the registry refresh interval is how many servers it carries on heartbeats
 * alone.
 */
public final class RegistryWrites {
  /** Distinct servers written. */
  public static final int SERVERS = 10_000;

  private RegistryWrites() {}

  /** Writes one server's entry, as {@code Engine.persist} does after a heartbeat. */
  public static void writeOne(OrchestratorStore store, Clock clock) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int n = random.nextInt(SERVERS);
    double cpu = random.nextDouble(100);
    double ram = random.nextDouble(100);
    store.saveServer(new GameServer(
        "srv-" + n,
        "10.0." + (n >> 8) + "." + (n & 0xff),
        ServerStatus.BUSY,
        Map.of("region", n % 2 == 0 ? "eu" : "us"),
        1,
        new ServerMetrics(cpu, ram, 40.0, 5.0, 20.0, 99.0, 90.0, Map.of()),
        List.of("map-" + n),
        n,
        n,
        0,
        clock.instant(),
        null,
        clock.instant(),
        false,
        "bench-host",
        "1.0"));
  }
}
