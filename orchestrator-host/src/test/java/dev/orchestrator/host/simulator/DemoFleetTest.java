package dev.orchestrator.host.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.core.model.ServerStatus;
import dev.orchestrator.host.HostConfig;
import dev.orchestrator.host.HostMain;
import dev.orchestrator.host.TestHost;
import dev.orchestrator.host.internal.ServeCommand;
import dev.orchestrator.host.internal.simulator.DemoFleet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoFleetTest {
  @Test
  void shouldShowServersFinishingRoundsWithinSeconds() {
    try (TestHost host = TestHost.start();
         DemoFleet demo = DemoFleet.start(host.host().orchestrator(),
             URI.create("ws://127.0.0.1:" + host.host().wsPort()), null)) {

      await().atMost(Duration.ofSeconds(20)).until(() -> IntStream.range(0, DemoFleet.MAPS)
          .mapToObj(i -> String.format("demo-map-%02d", i))
          .anyMatch(id -> !host.host().orchestrator().history(id, 1).isEmpty()));

      assertThat(host.host().orchestrator().listServers(null)).hasSize(DemoFleet.SERVERS);
      demo.close();
      await().atMost(Duration.ofSeconds(10)).until(() -> host.host().orchestrator()
          .listServers(ServerStatus.OFFLINE).size() == DemoFleet.SERVERS);
    }
  }

  @Test
  void shouldUseTheMemoryStoreForADemoUnlessAStoreIsGiven() {
    ServeCommand demo = new ServeCommand(Map.of());
    new CommandLine(demo).setCaseInsensitiveEnumValuesAllowed(true)
        .parseArgs("--demo", "--ws-port", "0", "--http-port", "0");
    HostConfig config = demo.toConfig();
    config.store().close();
    assertThat(config.storeDescription()).startsWith("memory");
  }

  @Test
  void shouldRefuseADemoWithTls() {
    StringWriter err = new StringWriter();
    int code = HostMain.run(new String[] {"serve", "--demo", "--tls-keystore", "x.p12"},
        Map.of(ServeCommand.TLS_PASSWORD_ENV, "pw"), new PrintWriter(new StringWriter(), true),
        new PrintWriter(err, true));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--demo");
  }
}
