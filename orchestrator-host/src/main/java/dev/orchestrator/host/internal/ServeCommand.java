package dev.orchestrator.host.internal;

import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.host.Host;
import dev.orchestrator.host.HostConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code serve}: runs the host until SIGTERM or Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    versionProvider = VersionInfo.class,
    description = "Runs the orchestrator: the game-server WebSocket listener and the admin API.",
    footer = {"",
        "Every option can also be set as an environment variable ORCHESTRATOR_<NAME> (for"
            + " example ORCHESTRATOR_WS_PORT=9000; ORCHESTRATOR_SERVER_TOKEN takes a"
            + " comma-separated list) or as a line name=value in the --config file"
            + " (ws-port=9000). The command line wins over the environment, which wins over"
            + " the file.",
        "Exit codes: 0 stopped cleanly, 1 runtime failure (e.g. port in use), 2 bad usage."})
public final class ServeCommand implements Callable<Integer> {
  private static final Duration SHUTDOWN_LIMIT = Duration.ofSeconds(9);

  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE",
      description = "File of name=value lines with option values (names without dashes).")
  Path config;

  @Option(names = "--bind", defaultValue = "0.0.0.0", paramLabel = "ADDRESS",
      description = "Address both listeners bind to (default 0.0.0.0).")
  String bind;

  @Option(names = "--ws-port", defaultValue = "8765", paramLabel = "PORT",
      converter = CliConverters.PortConverter.class,
      description = "Game-server WebSocket port; 0 picks a free one (default 8765).")
  int wsPort;

  @Option(names = "--http-port", defaultValue = "8080", paramLabel = "PORT",
      converter = CliConverters.PortConverter.class,
      description = "Admin HTTP port; 0 picks a free one (default 8080).")
  int httpPort;

  @Option(names = "--store", defaultValue = "h2", paramLabel = "KIND",
      description = "h2|postgres|redis|memory (default h2: a file under --data-dir).")
  StoreFactory.Kind store;

  @Option(names = "--data-dir", defaultValue = "./orchestrator-data", paramLabel = "DIR",
      description = "Where embedded stores keep files (default ./orchestrator-data).")
  Path dataDir;

  @Option(names = "--jdbc-url", paramLabel = "URL", description = "JDBC URL for h2/postgres.")
  String jdbcUrl;

  @Option(names = "--jdbc-user", paramLabel = "USER", description = "JDBC user.")
  String jdbcUser;

  @Option(names = "--jdbc-password", paramLabel = "PASSWORD",
      description = "JDBC password (never logged).")
  String jdbcPassword;

  @Option(names = "--redis-uri", paramLabel = "URI", description = "redis:// or rediss:// URI.")
  String redisUri;

  @Option(names = "--redis-prefix", defaultValue = "orchestrator:", paramLabel = "PREFIX",
      description = "Key prefix in Redis (default orchestrator:).")
  String redisPrefix;

  @Option(names = "--server-token", split = ",", paramLabel = "TOKEN",
      description = "Token game servers must present; repeatable. None: no check.")
  List<String> serverTokens = new ArrayList<>();

  @Option(names = "--admin-token", paramLabel = "TOKEN",
      description = "Bearer token every /api/ call must present. None: open.")
  String adminToken;

  @Option(names = "--heartbeat-interval", defaultValue = "5s", paramLabel = "DURATION",
      converter = CliConverters.DurationConverter.class,
      description = "How often servers heartbeat: 500ms, 5s, 2m, 1h (default 5s).")
  Duration heartbeatInterval;

  @Option(names = "--reconnect-grace", defaultValue = "10s", paramLabel = "DURATION",
      converter = CliConverters.DurationConverter.class,
      description = "How long a dropped server keeps its job (default 10s).")
  Duration reconnectGrace;

  @Option(names = "--lease-timeout", defaultValue = "5m", paramLabel = "DURATION",
      converter = CliConverters.DurationConverter.class,
      description = "How long a job may run without progress (default 5m).")
  Duration leaseTimeout;

  @Option(names = "--max-attempts", defaultValue = "5", paramLabel = "N",
      description = "Attempts at one round before the map goes to error (default 5).")
  int maxAttempts;

  @Option(names = "--host-id", paramLabel = "ID",
      description = "This host's id (default: derived from the hostname).")
  String hostId;

  @Option(names = "--log-format", defaultValue = "text", paramLabel = "FORMAT",
      description = "text|json (default text).")
  Logging.Format logFormat;

  @Override
  public Integer call() throws InterruptedException {
    Logging.configure(logFormat);
    String id = hostId != null ? hostId : defaultHostId();
    validate(id);
    StoreFactory.Opened opened;
    try {
      opened = StoreFactory.open(new StoreFactory.Options(store, dataDir, jdbcUrl, jdbcUser,
          jdbcPassword, redisUri, redisPrefix));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    HostConfig.Builder config = HostConfig.builder()
        .bind(bind).wsPort(wsPort).httpPort(httpPort)
        .store(opened.store(), opened.description())
        .customize(orchestrator -> orchestrator.clock(opened.clock()))
        .hostId(id).heartbeatInterval(heartbeatInterval).reconnectGrace(reconnectGrace)
        .leaseTimeout(leaseTimeout).maxAttempts(maxAttempts).adminToken(adminToken);
    serverTokens.forEach(config::serverToken);
    Host host = Host.start(config.build());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stopOnSignal(host), "shutdown"));
    host.awaitStop();
    return 0;
  }

  /**
   * Stops the host within the limit, then ends the JVM. {@code halt} makes a SIGTERM-initiated
   * clean stop exit 0 (the JVM would report 143), and 1 if the stop overran.
   */
  private static void stopOnSignal(Host host) {
    Thread closer = new Thread(host::close, "host-close");
    closer.start();
    try {
      closer.join(SHUTDOWN_LIMIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(closer.isAlive() ? 1 : 0);
  }

  /** Checks every engine setting at once, naming the options that are wrong. */
  private void validate(String id) {
    List<String> problems = new ArrayList<>();
    check(problems, "--host-id", b -> b.hostId(id));
    check(problems, "--heartbeat-interval", b -> b.heartbeatInterval(heartbeatInterval));
    check(problems, "--reconnect-grace", b -> b.reconnectGrace(reconnectGrace));
    check(problems, "--lease-timeout", b -> b.leaseTimeout(leaseTimeout));
    check(problems, "--max-attempts", b -> b.maxAttempts(maxAttempts));
    for (String token : serverTokens) {
      if (token.isBlank()) {
        problems.add("--server-token must not be blank");
      }
    }
    if (adminToken != null && adminToken.isBlank()) {
      problems.add("--admin-token must not be blank");
    }
    if (!problems.isEmpty()) {
      throw new ParameterException(spec.commandLine(), String.join("; ", problems));
    }
  }

  private static void check(List<String> problems, String option,
      Consumer<dev.orchestrator.core.OrchestratorBuilder> setter) {
    try {
      setter.accept(Orchestrator.builder());
    } catch (IllegalArgumentException e) {
      problems.add(option + ": " + e.getMessage());
    }
  }

  /** The hostname, cut to the characters and length a host id allows. */
  static String defaultHostId() {
    String name;
    try {
      name = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      name = System.getenv().getOrDefault("HOSTNAME", "host-1");
    }
    String cleaned = name.replaceAll("[^A-Za-z0-9_.:-]", "-");
    cleaned = cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
    return cleaned.isEmpty() ? "host-1" : cleaned;
  }
}
