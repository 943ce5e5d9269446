package dev.orchestrator.host.dashboard;

import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.memory.InMemoryStore;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.host.internal.AdminServer;
import dev.orchestrator.host.internal.HostMetrics;
import dev.orchestrator.host.internal.TokenCheck;
import dev.orchestrator.host.internal.dashboard.Dashboard;
import dev.orchestrator.host.internal.dashboard.EventStreamSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;

/**
 * An orchestrator and its admin server with event-stream settings a test chooses (a tiny
 * buffer, a settable clock), which the {@code Host} does not expose. Loopback, ephemeral port.
 */
final class StreamStack implements AutoCloseable {
  private final Orchestrator orchestrator;
  private final AdminServer admin;

  StreamStack(EventStreamSettings settings, List<String> adminTokens) {
    InMemoryStore store = new InMemoryStore();
    orchestrator = Orchestrator.builder().store(store).hostId("stream-test").build();
    orchestrator.start();
    TokenCheck token = new TokenCheck(adminTokens);
    try {
      admin = new AdminServer(new InetSocketAddress("127.0.0.1", 0), orchestrator,
          new HostMetrics(), token, () -> true,
          new Dashboard(orchestrator, store.eventLog().orElseThrow(), token, settings));
    } catch (IOException e) {
      orchestrator.close();
      throw new UncheckedIOException(e);
    }
    admin.start();
  }

  URI http(String path) {
    return URI.create("http://127.0.0.1:" + admin.boundPort() + path);
  }

  void createMap(String mapId) {
    orchestrator.createMap(NewMap.of(mapId, "1"));
  }

  @Override
  public void close() {
    admin.stop();
    orchestrator.close();
  }
}
