package dev.orchestrator.examples.backend;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link GameBackendMain} starts. Immutable; the {@code with...} methods return changed copies.
 *
 * @param webSocketPort the game servers' WebSocket port on 127.0.0.1; 0 picks a free one
 * @param httpPort the map API's port on 127.0.0.1; 0 picks a free one
 * @param dataDir the folder of the H2 database file; created if missing
 * @param serverToken the token game servers must present, or {@code null} to accept any
 * @param heartbeatInterval how often game servers heartbeat (whole seconds on the wire)
 */
public record BackendOptions(
    int webSocketPort, int httpPort, Path dataDir, String serverToken, Duration heartbeatInterval) {

  /**
   * Validates.
   *
   * @throws IllegalArgumentException naming the option and the bad value
   */
  public BackendOptions {
    requirePort("webSocketPort", webSocketPort);
    requirePort("httpPort", httpPort);
    Objects.requireNonNull(dataDir, "dataDir");
    if (serverToken != null && serverToken.isBlank()) {
      throw new IllegalArgumentException("serverToken must not be blank; use null for none");
    }
    if (heartbeatInterval == null || heartbeatInterval.toSeconds() < 1) {
      throw new IllegalArgumentException(
          "heartbeatInterval must be at least 1 s, got " + heartbeatInterval);
    }
  }

  /** Free ports, no token and a 5 s heartbeat, with the database in {@code dataDir}. */
  public static BackendOptions inDirectory(Path dataDir) {
    return new BackendOptions(0, 0, dataDir, null, Duration.ofSeconds(5));
  }

  /** These options with fixed ports (0 = any free port). */
  public BackendOptions withPorts(int newWebSocketPort, int newHttpPort) {
    return new BackendOptions(
        newWebSocketPort, newHttpPort, dataDir, serverToken, heartbeatInterval);
  }

  /** These options with the database in {@code newDataDir}. */
  public BackendOptions withDataDir(Path newDataDir) {
    return new BackendOptions(webSocketPort, httpPort, newDataDir, serverToken, heartbeatInterval);
  }

  /** These options requiring {@code token} of every game server. */
  public BackendOptions withServerToken(String token) {
    return new BackendOptions(webSocketPort, httpPort, dataDir, token, heartbeatInterval);
  }

  /** These options with another heartbeat interval. */
  public BackendOptions withHeartbeatInterval(Duration interval) {
    return new BackendOptions(webSocketPort, httpPort, dataDir, serverToken, interval);
  }

  private static void requirePort(String name, int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(name + " must be from 0 to 65535, got " + port);
    }
  }
}
