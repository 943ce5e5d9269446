package dev.orchestrator.host.dashboard;

import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.memory.InMemoryStore;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.host.internal.AdminServer;
import dev.orchestrator.host.internal.GameServerListener;
import dev.orchestrator.host.internal.HandshakePolicy;
import dev.orchestrator.host.internal.HostMetrics;
import dev.orchestrator.host.internal.TokenCheck;
import dev.orchestrator.host.internal.dashboard.Dashboard;
import dev.orchestrator.host.internal.dashboard.EventStreamSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * An orchestrator, its admin server and its WebSocket listener with event-stream settings a
 * test chooses (a tiny buffer, a settable clock, many subscriptions), which the {@code Host}
 * does not expose. Loopback, ephemeral ports.
 */
final class StreamStack implements AutoCloseable {
  private final Orchestrator orchestrator;
  private final AdminServer admin;
  private final GameServerListener listener;

  StreamStack(EventStreamSettings settings, List<String> adminTokens) {
    InMemoryStore store = new InMemoryStore();
    orchestrator = Orchestrator.builder().store(store).hostId("stream-test").build();
    orchestrator.start();
    TokenCheck token = new TokenCheck(adminTokens);
    Dashboard dashboard =
        new Dashboard(orchestrator, store.eventLog().orElseThrow(), token, settings);
    listener = new GameServerListener(new InetSocketAddress("127.0.0.1", 0), orchestrator,
        new TokenCheck(List.of()), new HostMetrics(),
        new HandshakePolicy(null, Set.of(), Duration.ofSeconds(10)), dashboard.sockets());
    listener.startAndWait(Duration.ofSeconds(10));
    try {
      admin = new AdminServer(new InetSocketAddress("127.0.0.1", 0), orchestrator,
          new HostMetrics(), token, () -> true, dashboard);
    } catch (IOException e) {
      orchestrator.close();
      throw new UncheckedIOException(e);
    }
    admin.start();
  }

  /** A URI on the WebSocket listener, e.g. {@code /ws/events/?map_id=m1}. */
  URI ws(String path) {
    return URI.create("ws://127.0.0.1:" + listener.boundPort() + path);
  }

  URI http(String path) {
    return URI.create("http://127.0.0.1:" + admin.boundPort() + path);
  }

  Orchestrator orchestrator() {
    return orchestrator;
  }

  void createMap(String mapId) {
    orchestrator.createMap(NewMap.of(mapId, "1"));
  }

  @Override
  public void close() {
    admin.stop();
    orchestrator.close();
    try {
      listener.stop(1000, "test over");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
