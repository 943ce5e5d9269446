package dev.orchestrator.host.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.host.Host;
import dev.orchestrator.host.SharedServices;
import dev.orchestrator.host.internal.StoreFactory;
import dev.orchestrator.host.internal.StoreFactory.Kind;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The chaos suite for as long as {@code -Dchaos.soak.minutes=N} says, on PostgreSQL with three
 * hosts: rounds go on all the time under socket kills and partitions. Once a minute it prints
 * heap in use, threads, open file descriptors and live sessions, which should stay flat; at the
 * end the same invariants as {@link ChaosTest} are checked. Not part of the default build.
 */
@Tag("soak")
@EnabledIfSystemProperty(named = "chaos.soak.minutes", matches = "[1-9][0-9]*")
class SoakTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldKeepEveryInvariantThroughALongRunOfFaults() throws Exception {
    Duration length = Duration.ofMinutes(Long.getLong("chaos.soak.minutes"));
    String schema = SharedServices.createPostgresSchema("soak");
    long started = System.nanoTime();
    try (ChaosRun chaos = new ChaosRun(new StoreFactory.Options(Kind.POSTGRES, null,
        SharedServices.postgresUrl(schema), "postgres", null, null, null), 3, 4, 60,
        Integer.MAX_VALUE, 23L)) {
      ChaosRun.Report report = chaos.run(Duration.ofMillis(500), length,
          length.plusMinutes(3), () -> System.out.println(usage(chaos, started)));
      System.out.printf("soak [postgres, %d min]: %s%n", length.toMinutes(), report);
      chaos.slowReleases().forEach(System.out::println);
      chaos.partitionProblems().forEach(System.out::println);
      assertThat(chaos.partitionProblems()).as("partitions the host did not notice, or whose"
          + " jobs stayed leased for 45 s").isEmpty();
    } finally {
      SharedServices.dropPostgresSchema(schema);
    }
  }

  private String usage(ChaosRun chaos, long started) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long sessions = 0;
    for (Host host : chaos.hosts()) {
      sessions += (long) sessions(host);
    }
    return String.format("soak +%d min: heap used %d MiB, threads %d, open fds %d,"
            + " sessions %d", Duration.ofNanos(System.nanoTime() - started).toMinutes(),
        memory.getHeapMemoryUsage().getUsed() >> 20, Thread.activeCount(), openFiles(),
        sessions);
  }

  private double sessions(Host host) {
    try {
      HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + host.httpPort() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      return metrics.body().lines().filter(l -> l.startsWith("orchestrator_ws_sessions "))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).sum();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static long openFiles() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    } catch (IOException e) {
      return -1;
    }
  }
}
