package dev.orchestrator.examples.backend;

import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.model.EventType;
import dev.orchestrator.core.model.OrchestratorEvent;
import dev.orchestrator.jdbc.JdbcStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small game backend that embeds the orchestrator with a real transport: the JDBC store on an H2
 * file, its own Java-WebSocket endpoint for game servers ({@code
 * ws://127.0.0.1:PORT/ws/server/{server_id}/}) and one REST call, {@code POST /maps}. It logs every
 * completed round and shuts down cleanly; leases survive a restart on the same data folder.
 *
 * <p>Run it with {@code --ws-port}, {@code --http-port}, {@code --data-dir} and optionally {@code
 * --token}; embed it (as the tests do) with {@link #start(BackendOptions)} and {@link #close()}.
 * Thread-safe.
 */
public final class GameBackendMain implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GameBackendMain.class);
  private static final Duration SOCKET_CLOSE_WAIT = Duration.ofSeconds(2);

  private final JdbcStore store;
  private final Orchestrator orchestrator;
  private final GameServerEndpoint endpoint;
  private final MapsApi mapsApi;
  private boolean closed;

  private GameBackendMain(
      JdbcStore store, Orchestrator orchestrator, GameServerEndpoint endpoint, MapsApi mapsApi) {
    this.store = store;
    this.orchestrator = orchestrator;
    this.endpoint = endpoint;
    this.mapsApi = mapsApi;
  }

  /**
   * Opens the database, starts the orchestrator, then the WebSocket endpoint and the map API. Both
   * listen on 127.0.0.1 only: an example should not expose itself to the network.
   *
   * @throws IllegalStateException if a port cannot be bound
   * @throws UncheckedIOException if the data folder cannot be created
   * @throws dev.orchestrator.core.StoreUnavailableException if the database cannot be opened
   */
  public static GameBackendMain start(BackendOptions options) {
    JdbcStore store = openStore(options.dataDir());
    Orchestrator orchestrator = null;
    GameServerEndpoint endpoint = null;
    try {
      orchestrator =
          Orchestrator.builder()
              .store(store)
              .clock(store.databaseClock())
              .hostId("game-backend")
              .heartbeatInterval(options.heartbeatInterval())
              .listener(GameBackendMain::logEvent)
              .build();
      orchestrator.start();
      InetAddress loopback = InetAddress.getLoopbackAddress();
      endpoint =
          GameServerEndpoint.start(
              new InetSocketAddress(loopback, options.webSocketPort()),
              orchestrator,
              options.serverToken());
      MapsApi mapsApi =
          MapsApi.start(new InetSocketAddress(loopback, options.httpPort()), orchestrator);
      GameBackendMain backend = new GameBackendMain(store, orchestrator, endpoint, mapsApi);
      log.info(
          "game servers: ws://127.0.0.1:{}/ws/server/{server_id}/  maps: POST"
              + " http://127.0.0.1:{}/maps",
          backend.webSocketPort(),
          backend.httpPort());
      return backend;
    } catch (RuntimeException e) {
      if (endpoint != null) {
        endpoint.stopQuietly(Duration.ZERO);
      }
      if (orchestrator != null) {
        orchestrator.close();
      }
      store.close();
      throw e;
    }
  }

  /** The bound WebSocket port. */
  public int webSocketPort() {
    return endpoint.getPort();
  }

  /** The bound port of the map API. */
  public int httpPort() {
    return mapsApi.port();
  }

  /** The embedded orchestrator, for reading maps, servers and history. */
  public Orchestrator orchestrator() {
    return orchestrator;
  }

  /**
   * Shuts down: stops taking map calls, closes the WebSocket listener (every game server is closed
   * with 1001, "going away"), closes the orchestrator and finally the store. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    mapsApi.stop();
    // The transport goes first, so every close reaches the orchestrator while it still runs.
    // Frames already received are applied by orchestrator.close(); an ack that can no longer be
    // delivered is not lost work, because clients resend unacknowledged results on reconnect and
    // a repeated job_done is acknowledged again and counted once.
    endpoint.stopQuietly(SOCKET_CLOSE_WAIT);
    orchestrator.close();
    store.close();
    log.info("game backend stopped");
  }

  /**
   * Runs the backend until the JVM is asked to stop (Ctrl+C).
   *
   * @param args {@code [--ws-port N] [--http-port N] [--data-dir PATH] [--token TOKEN]}
   */
  public static void main(String[] args) throws InterruptedException {
    BackendOptions options = parse(args);
    GameBackendMain backend = start(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  backend.close();
                  stopped.countDown();
                },
                "backend-shutdown"));
    stopped.await();
  }

  static BackendOptions parse(String[] args) {
    BackendOptions options =
        BackendOptions.inDirectory(Path.of("backend-data")).withPorts(8765, 8080);
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + args[i] + " needs a value");
      }
      String value = args[i + 1];
      options =
          switch (args[i]) {
            case "--ws-port" -> options.withPorts(Integer.parseInt(value), options.httpPort());
            case "--http-port" ->
                options.withPorts(options.webSocketPort(), Integer.parseInt(value));
            case "--data-dir" -> options.withDataDir(Path.of(value));
            case "--token" -> options.withServerToken(value);
            default ->
                throw new IllegalArgumentException(
                    "unknown option "
                        + args[i]
                        + "; use --ws-port, --http-port, --data-dir, --token");
          };
    }
    return options;
  }

  private static JdbcStore openStore(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data folder " + dataDir, e);
    }
    return JdbcStore.builder()
        .jdbcUrl("jdbc:h2:file:" + dataDir.resolve("orchestrator").toAbsolutePath())
        .user("sa")
        .password("")
        .createSchemaIfMissing(true)
        .build();
  }

  private static void logEvent(OrchestratorEvent event) {
    if (event.type() == EventType.JOB_COMPLETED) {
      log.info(
          "map {} finished a round on {} (job {}): {} rounds done, next {}",
          event.mapId(),
          event.serverId(),
          event.jobId(),
          event.details().get("round"),
          event.details().getOrDefault("next_round_time", "none (completed)"));
    } else if (event.type() == EventType.JOB_ASSIGNED) {
      log.info("map {} assigned to {} (job {})", event.mapId(), event.serverId(), event.jobId());
    }
  }
}
