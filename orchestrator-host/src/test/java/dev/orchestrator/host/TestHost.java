package dev.orchestrator.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.core.memory.InMemoryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

/** A real host on loopback with ephemeral ports, an in-memory store and short timings. */
public final class TestHost implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();
  private final Host host;
  private final HttpClient http = HttpClient.newHttpClient();
  private String adminToken;

  private TestHost(Host host) {
    this.host = host;
  }

  /** Starts a host; {@code settings} may override the test defaults. */
  public static TestHost start(Consumer<HostConfig.Builder> settings) {
    HostConfig.Builder builder = HostConfig.builder()
        .bind("127.0.0.1").wsPort(0).httpPort(0)
        .store(new InMemoryStore(), "memory")
        .hostId("test-host")
        .heartbeatInterval(Duration.ofSeconds(5))
        .reconnectGrace(Duration.ZERO)
        .customize(b -> b.sweepInterval(Duration.ofMillis(50))
            .retryBackoff(Duration.ZERO, Duration.ZERO));
    settings.accept(builder);
    return new TestHost(Host.start(builder.build()));
  }

  public static TestHost start() {
    return start(b -> { });
  }

  public Host host() {
    return host;
  }

  /** Sends this token with every admin call from now on. */
  public TestHost withAdminToken(String token) {
    this.adminToken = token;
    return this;
  }

  public URI ws(String serverId) {
    return URI.create("ws://127.0.0.1:" + host.wsPort() + "/ws/server/" + serverId + "/");
  }

  public URI http(String path) {
    return URI.create("http://127.0.0.1:" + host.httpPort() + path);
  }

  public HttpResponse<String> get(String path) {
    return send(request(path).GET());
  }

  public HttpResponse<String> delete(String path) {
    return send(request(path).DELETE());
  }

  public HttpResponse<String> post(String path, String json) {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(http(path));
    if (adminToken != null) {
      builder.header("Authorization", "Bearer " + adminToken);
    }
    return builder;
  }

  public HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Creates a map due now and returns its JSON. */
  public JsonNode createMap(String mapId) {
    return json(post("/api/map/create/", "{\"map_id\":\"" + mapId + "\",\"season_id\":1}"));
  }

  /**
   * The value of one sample in {@code /metrics}, such as {@code orchestrator_ws_sessions} or
   * {@code orchestrator_ws_handshakes_refused_total{status="401"}}.
   *
   * @throws AssertionError if the host does not expose it
   */
  public double metric(String sample) {
    for (String line : get("/metrics").body().split("\n")) {
      if (line.startsWith(sample + " ")) {
        return Double.parseDouble(line.substring(sample.length() + 1).trim());
      }
    }
    throw new AssertionError("no " + sample + " in /metrics");
  }

  public static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    host.close();
  }
}
