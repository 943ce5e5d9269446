package dev.orchestrator.host.internal.simulator;

import dev.orchestrator.core.MapExistsException;
import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.model.NewMap;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve --demo}: maps and a small simulated fleet inside the host's own process, over real
 * WebSockets to its own listener, so the dashboard shows servers taking, finishing and sometimes
 * failing rounds within seconds of the start. Runs until {@link #close()}.
 */
public final class DemoFleet implements AutoCloseable {
  /** Simulated servers. */
  public static final int SERVERS = 12;
  /** Maps, more than servers, so a queue forms and drains. */
  public static final int MAPS = 30;
  private static final Logger log = LoggerFactory.getLogger(DemoFleet.class);
  private static final Duration FOREVER = Duration.ofDays(3650);
  private static final Duration JOIN_WAIT = Duration.ofSeconds(5);

  private final FleetSimulator fleet;
  private final Thread runner;

  private DemoFleet(FleetSimulator fleet) {
    this.fleet = fleet;
    this.runner = new Thread(this::run, "demo-fleet");
    runner.setDaemon(true);
  }

  /**
   * Creates the demo maps (reusing ones that exist) and starts the fleet against {@code wsUrl}.
   *
   * @param token a server token the host accepts for ids starting with {@code demo-}, or null
   */
  public static DemoFleet start(Orchestrator orchestrator, URI wsUrl, String token) {
    for (int i = 0; i < MAPS; i++) {
      try {
        orchestrator.createMap(NewMap.of(String.format(Locale.ROOT, "demo-map-%02d", i), "demo"));
      } catch (MapExistsException exists) {
        // A persistent store kept it from an earlier demo; the fleet works on it again.
      }
    }
    FleetSimulator.Settings settings = new FleetSimulator.Settings(wsUrl, SERVERS, FOREVER,
        new JobDurations(1_000, 4_000), 0.05, token, null, Duration.ofSeconds(1),
        Duration.ofSeconds(1), Duration.ofMinutes(1), "demo-", false, null,
        Duration.ofSeconds(2), null);
    DemoFleet demo = new DemoFleet(new FleetSimulator(settings,
        new PrintWriter(System.err, true)));
    demo.runner.start();
    log.info("demo: {} simulated game servers working on {} maps (demo-map-*); open the"
        + " dashboard", SERVERS, MAPS);
    return demo;
  }

  private void run() {
    try {
      fleet.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("demo fleet stopped: {}", e.toString());
    }
  }

  /** Stops the fleet: its servers finish or drop their rounds and disconnect. */
  @Override
  public void close() {
    fleet.stop();
    try {
      runner.join(JOIN_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
