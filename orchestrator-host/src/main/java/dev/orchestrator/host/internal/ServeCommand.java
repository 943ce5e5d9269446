package dev.orchestrator.host.internal;

import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.host.Host;
import dev.orchestrator.host.HostConfig;
import dev.orchestrator.host.ServerToken;
import dev.orchestrator.host.Tls;
import dev.orchestrator.host.internal.simulator.DemoFleet;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
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
        "Secrets belong in files: --server-token-file, --admin-token-file and"
            + " --tls-keystore-password-file (or ORCHESTRATOR_TLS_KEYSTORE_PASSWORD); a token"
            + " file line token@prefix is valid only for server ids starting with prefix.",
        "Exit codes: 0 stopped cleanly, 1 runtime failure (e.g. port in use), 2 bad usage."})
public final class ServeCommand implements Callable<Integer> {
  /** The environment variable the keystore password may come from. */
  public static final String TLS_PASSWORD_ENV = ConfigDefaults.ENV_PREFIX
      + "TLS_KEYSTORE_PASSWORD";
  private static final Duration SHUTDOWN_LIMIT = Duration.ofSeconds(9);
  private static final String MAX_REQ_TIME = "sun.net.httpserver.maxReqTime";
  private static final String CLOCK_TICK = "sun.net.httpserver.clockTick";
  private static final String DEMO_PREFIX = "demo-";
  private final Map<String, String> env;

  /** A command reading secrets from the process environment. */
  public ServeCommand() {
    this(System.getenv());
  }

  /** A command reading secrets (the keystore password) from {@code env}. */
  public ServeCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

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

  @Option(names = "--server-token-file", split = ",", paramLabel = "FILE",
      description = "File of game-server tokens, one per line (# comments and blank lines"
          + " skipped); a line token@prefix is valid only for server ids starting with prefix."
          + " Repeatable; adds to --server-token.")
  List<Path> serverTokenFiles = new ArrayList<>();

  @Option(names = "--admin-token-file", paramLabel = "FILE",
      description = "File holding the admin token on one line, instead of --admin-token.")
  Path adminTokenFile;

  @Option(names = "--tls-keystore", paramLabel = "FILE",
      description = "PKCS#12 keystore with the key and certificate; both listeners then serve"
          + " TLS only (wss:// and https://).")
  Path tlsKeystore;

  @Option(names = "--tls-keystore-password-file", paramLabel = "FILE",
      description = "File holding the keystore password (one line); or set "
          + "ORCHESTRATOR_TLS_KEYSTORE_PASSWORD.")
  Path tlsKeystorePasswordFile;

  @Option(names = "--allowed-origin", split = ",", paramLabel = "ORIGIN",
      description = "Origin (scheme://host[:port]) browsers may call the admin API and event"
          + " stream from; repeatable. When set, requests with another Origin header get 403;"
          + " list the dashboard's own origin too. None: no check.")
  List<String> allowedOrigins = new ArrayList<>();

  @Option(names = "--handshake-timeout", defaultValue = "10s", paramLabel = "DURATION",
      converter = CliConverters.DurationConverter.class,
      description = "How long a connection may take to send its WebSocket handshake or its"
          + " admin HTTP request before it is dropped (default 10s).")
  Duration handshakeTimeout;

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

  @Option(names = "--registry-refresh", defaultValue = "30s", paramLabel = "DURATION",
      converter = CliConverters.DurationConverter.class,
      description = "How often a heartbeat alone rewrites a server's registry entry in the "
          + "store; 0s writes every heartbeat (default 30s).")
  Duration registryRefresh;

  @Option(names = "--max-attempts", defaultValue = "5", paramLabel = "N",
      description = "Attempts at one round before the map goes to error (default 5).")
  int maxAttempts;

  @Option(names = "--drain-on-shutdown", defaultValue = "false",
      description = "On SIGTERM, drain first: refuse new game-server sessions, tell every"
          + " attached server to reconnect elsewhere (keeping its job), wait for them to leave"
          + " (at most --drain-timeout), then stop. Default: stop at once.")
  boolean drainOnShutdown;

  @Option(names = "--drain-timeout", defaultValue = "30s", paramLabel = "DURATION",
      converter = CliConverters.DurationConverter.class,
      description = "How long a drain waits for game servers to leave before closing the rest"
          + " (default 30s; at most 1h).")
  Duration drainTimeout;

  @Option(names = "--reconnect-url", paramLabel = "URL",
      description = "Where a drain sends game servers: ws://HOST:PORT of another host or the"
          + " load balancer. Default: none, each server reconnects to its own configured URL.")
  String reconnectUrl;

  @Option(names = "--host-id", paramLabel = "ID",
      description = "This host's id (default: derived from the hostname).")
  String hostId;

  @Option(names = "--log-format", defaultValue = "text", paramLabel = "FORMAT",
      description = "text|json (default text).")
  Logging.Format logFormat;

  @Option(names = "--demo",
      description = "Also run a small simulated fleet and demo maps in this process, so the"
          + " dashboard shows work within seconds. Uses the memory store unless --store is"
          + " given.")
  boolean demo;

  @Override
  public Integer call() throws InterruptedException {
    Logging.configure(logFormat);
    HostConfig config = toConfig();
    if (demo && !config.serverTokens().isEmpty() && demoToken(config) == null) {
      config.store().close();
      throw new ParameterException(spec.commandLine(), "--demo needs a server token valid for"
          + " server ids starting with " + DEMO_PREFIX + " (a token without a prefix, or a"
          + " token file line token@" + DEMO_PREFIX + ")");
    }
    limitAdminRequestTime(config.handshakeTimeout());
    Host host = Host.start(config);
    DemoFleet fleet = demo ? DemoFleet.start(host.orchestrator(), demoUrl(config, host),
        demoToken(config)) : null;
    Duration limit = drainOnShutdown ? SHUTDOWN_LIMIT.plus(drainTimeout) : SHUTDOWN_LIMIT;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (fleet != null) {
        fleet.close();
      }
      stopOnSignal(host, limit);
    }, "shutdown"));
    host.awaitStop();
    return 0;
  }

  /** The host's own listener, on loopback when it listens on every address. */
  private static URI demoUrl(HostConfig config, Host host) {
    String bind = config.bind();
    String address = "0.0.0.0".equals(bind) || "::".equals(bind) ? "127.0.0.1"
        : bind.contains(":") ? "[" + bind + "]" : bind;
    return URI.create("ws://" + address + ":" + host.wsPort());
  }

  /** A configured token valid for the demo's server ids, or null when none is required. */
  private static String demoToken(HostConfig config) {
    return config.serverTokens().stream()
        .filter(token -> DEMO_PREFIX.startsWith(token.serverIdPrefix()))
        .map(ServerToken::token)
        .findFirst().orElse(null);
  }

  /**
   * Turns the parsed options into a host configuration: checks them, reads the secret files
   * and opens the store (which the host closes when it stops).
   *
   * @throws ParameterException naming the option or file when something is wrong
   */
  public HostConfig toConfig() {
    String id = hostId != null ? hostId : defaultHostId();
    validate(id);
    Secrets secrets = secrets();
    StoreFactory.Opened opened;
    try {
      opened = StoreFactory.open(new StoreFactory.Options(storeKind(), dataDir, jdbcUrl,
          jdbcUser, jdbcPassword, redisUri, redisPrefix));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    HostConfig.Builder config = HostConfig.builder()
        .bind(bind).wsPort(wsPort).httpPort(httpPort)
        .store(opened.store(), opened.description())
        .customize(orchestrator -> orchestrator.clock(opened.clock()).registryRefresh(registryRefresh))
        .hostId(id).heartbeatInterval(heartbeatInterval).reconnectGrace(reconnectGrace)
        .leaseTimeout(leaseTimeout).maxAttempts(maxAttempts).adminToken(secrets.adminToken())
        .tls(secrets.tls()).drainOnShutdown(drainOnShutdown).drainTimeout(drainTimeout)
        .reconnectUrl(reconnectUrl).handshakeTimeout(handshakeTimeout);
    serverTokens.forEach(config::serverToken);
    secrets.serverTokens().forEach(config::serverToken);
    allowedOrigins.forEach(config::allowedOrigin);
    return config.build();
  }

  /** The store to open: a demo keeps its maps out of the default H2 file unless told so. */
  private StoreFactory.Kind storeKind() {
    boolean chosen = spec.commandLine().getParseResult() != null
        && spec.commandLine().getParseResult().hasMatchedOption("--store");
    return demo && !chosen && store == StoreFactory.Kind.H2 ? StoreFactory.Kind.MEMORY : store;
  }

  /**
   * The JDK's HTTP server drops a connection that has not sent its whole request within {@code
   * sun.net.httpserver.maxReqTime} seconds, which is unlimited by default: then a few clients
   * sending headers a byte at a time hold every admin thread. A connection that sends nothing
   * is dropped after the same time, but only checked every {@code sun.net.httpserver.clockTick}
   * milliseconds (default 10 s). Both are read once per JVM, so they are set here, before the
   * admin server starts, unless the operator set them.
   */
  private static void limitAdminRequestTime(Duration timeout) {
    long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
    setUnlessSet(MAX_REQ_TIME, String.valueOf(seconds));
    long tick = Math.min(1000, Math.max(100, timeout.toMillis() / 4));
    setUnlessSet(CLOCK_TICK, String.valueOf(tick));
  }

  private static void setUnlessSet(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  /**
   * Stops the host (draining first with --drain-on-shutdown) within the limit, then ends the
   * JVM. {@code halt} makes a SIGTERM-initiated clean stop exit 0 (the JVM would report 143),
   * and 1 if the stop overran.
   */
  private static void stopOnSignal(Host host, Duration limit) {
    Thread closer = new Thread(() -> {
      try {
        host.shutdown();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "host-close");
    closer.start();
    try {
      closer.join(limit.toMillis());
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
    check(problems, "--registry-refresh", b -> b.registryRefresh(registryRefresh));
    try {
      HostDrain.checkTimeout("--drain-timeout", drainTimeout);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    if (reconnectUrl != null) {
      try {
        BaseUrls.reconnectUrl("--reconnect-url", reconnectUrl);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    try {
      HostConfig.builder().handshakeTimeout(handshakeTimeout);
    } catch (IllegalArgumentException e) {
      problems.add("--handshake-timeout: " + e.getMessage());
    }
    for (String token : serverTokens) {
      if (token.isBlank()) {
        problems.add("--server-token must not be blank");
      }
    }
    if (adminToken != null && adminToken.isBlank()) {
      problems.add("--admin-token must not be blank");
    }
    if (adminToken != null && adminTokenFile != null) {
      problems.add("--admin-token and --admin-token-file are exclusive; use the file");
    }
    for (String origin : allowedOrigins) {
      try {
        HostConfig.builder().allowedOrigin(origin);
      } catch (IllegalArgumentException e) {
        problems.add("--allowed-origin: " + e.getMessage());
      }
    }
    String envPassword = env.get(TLS_PASSWORD_ENV);
    boolean hasPassword = tlsKeystorePasswordFile != null
        || (envPassword != null && !envPassword.isEmpty());
    if (tlsKeystore != null && !hasPassword) {
      problems.add("--tls-keystore needs a password: --tls-keystore-password-file FILE or "
          + TLS_PASSWORD_ENV);
    }
    if (tlsKeystore == null && tlsKeystorePasswordFile != null) {
      problems.add("--tls-keystore-password-file is set but --tls-keystore is not");
    }
    if (demo && tlsKeystore != null) {
      problems.add("--demo runs its fleet over ws:// and does not combine with --tls-keystore");
    }

    if (!problems.isEmpty()) {
      throw new ParameterException(spec.commandLine(), String.join("; ", problems));
    }
  }

  /**
   * Reads every secret file before anything starts, so a bad file is a usage error (exit 2)
   * naming the file rather than a half-started host.
   */
  private Secrets secrets() {
    try {
      List<ServerToken> fromFiles = new ArrayList<>();
      serverTokenFiles.forEach(file -> fromFiles.addAll(SecretFiles.serverTokens(file)));
      String admin = adminTokenFile == null ? adminToken : SecretFiles.adminToken(adminTokenFile);
      SSLContext tls = null;
      if (tlsKeystore != null) {
        char[] password = tlsKeystorePasswordFile != null
            ? SecretFiles.password(tlsKeystorePasswordFile, "--tls-keystore-password-file")
            : env.get(TLS_PASSWORD_ENV).toCharArray();
        tls = Tls.fromPkcs12(tlsKeystore, password);
      }
      return new Secrets(fromFiles, admin, tls);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private record Secrets(List<ServerToken> serverTokens, String adminToken, SSLContext tls) {
    /** A record would print the admin token; this one must never show up in a log. */
    @Override
    public String toString() {
      return "Secrets[serverTokens=" + serverTokens.size() + ", adminToken="
          + (adminToken == null ? "none" : "set") + ", tls=" + (tls == null ? "off" : "on") + "]";
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
