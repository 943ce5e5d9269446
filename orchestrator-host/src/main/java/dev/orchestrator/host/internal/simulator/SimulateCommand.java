package dev.orchestrator.host.internal.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.host.Tls;
import dev.orchestrator.host.internal.CliConverters;
import dev.orchestrator.host.internal.OpenFiles;
import dev.orchestrator.host.internal.SecretFiles;
import dev.orchestrator.host.internal.VersionInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code simulate}: a bounded fleet of simulated game servers against a host on loopback. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionInfo.class,
    description = "Runs simulated game servers over real WebSockets against a host, for a"
        + " bounded time, and prints one JSON summary line on stdout (progress goes to stderr).",
    footer = {"",
        "All simulated servers share one selector thread per core; each costs one file"
            + " descriptor, so --servers is capped at " + SimulateCommand.MAX_SERVERS
            + " and should stay below the open-files limit (ulimit -n) minus about 100.",
        "Exit codes: 0 no errors and no lost jobs, 1 errors (unexpected disconnects, refused"
            + " results, protocol errors, no connection at all) or lost jobs, 2 bad usage."
            + " Connects that time out or do not finish within the run are reported as"
            + " capacity figures (connect_failures, never_connected), not errors.",
        "SIGTERM or Ctrl-C ends the run early: the fleet drains and the summary is printed."})
public final class SimulateCommand implements Callable<Integer> {
  static final int MAX_SERVERS = 60_000;
  /** The environment variable the trust store password may come from. */
  static final String TRUST_PASSWORD_ENV = "ORCHESTRATOR_TRUST_STORE_PASSWORD";
  private static final int MAX_MAPS = 1_000_000;
  private static final Duration MAX_DURATION = Duration.ofHours(1);
  private static final int CREATES_AT_ONCE = 16;
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Option(names = "--url", required = true, paramLabel = "URL",
      description = "The host's game-server listener, ws://HOST:PORT or wss://HOST:PORT.")
  URI url;

  @Option(names = "--http", paramLabel = "URL",
      description = "The host's admin API, http://HOST:PORT (https:// with TLS); needed for"
          + " --maps.")
  URI http;

  @Option(names = "--servers", defaultValue = "10", paramLabel = "N",
      description = "Simulated game servers (default 10, at most " + MAX_SERVERS + ").")
  int servers;

  @Option(names = "--duration", defaultValue = "30s", paramLabel = "DURATION",
      converter = CliConverters.DurationConverter.class,
      description = "How long to run before draining: 10s, 2m (default 30s, at most 1h).")
  Duration duration;

  @Option(names = "--job-duration-ms", defaultValue = "50-200", paramLabel = "MS",
      converter = JobDurations.Converter.class,
      description = "How long a round takes: 0, 100 or a uniform range 50-200 (default).")
  JobDurations jobDurations;

  @Option(names = "--failure-rate", defaultValue = "0", paramLabel = "R",
      description = "Share of rounds reported as job_failed, 0 to 1 (default 0).")
  double failureRate;

  @Option(names = "--maps", defaultValue = "0", paramLabel = "M",
      description = "Maps to create through --http first, ids sim-map-00000...; existing ones"
          + " are reused (default 0: use the maps the host has).")
  int maps;

  @Option(names = "--next-round", defaultValue = "0s", paramLabel = "DURATION",
      converter = CliConverters.DurationConverter.class,
      description = "When a finished map's next round is due, after its job_done (default 0s:"
          + " at once). With M maps, about M / DURATION rounds per second are due.")
  Duration nextRound;

  @Option(names = "--kill-every", paramLabel = "DURATION",
      converter = CliConverters.DurationConverter.class,
      description = "Drop the connection of a random server running a job this often, as a"
          + " crash would; it forgets the job and reconnects. Reports kill_to_reassign.")
  Duration killEvery;

  @Option(names = "--trust-store", paramLabel = "FILE",
      description = "PKCS#12 trust store with the certificate(s) to accept from a wss:// host"
          + " (default: the JVM's CA certificates).")
  Path trustStore;

  @Option(names = "--trust-store-password-file", paramLabel = "FILE",
      description = "File holding the trust store password (one line); or set "
          + TRUST_PASSWORD_ENV + ".")
  Path trustStorePasswordFile;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "Server token the simulated servers present.")
  String token;

  @Option(names = "--admin-token", paramLabel = "TOKEN",
      description = "Admin token for creating maps through --http.")
  String adminToken;

  @Option(names = "--heartbeat", paramLabel = "DURATION",
      converter = CliConverters.DurationConverter.class,
      description = "Heartbeat interval; default: the one the host's welcome names.")
  Duration heartbeat;

  @Option(names = "--reconnect-backoff", defaultValue = "1s", paramLabel = "DURATION",
      converter = CliConverters.DurationConverter.class,
      description = "Reconnect wait per failed attempt in a row, capped at 6 times this"
          + " (default 1s).")
  Duration backoff;

  @Option(names = "--drain-timeout", defaultValue = "30s", paramLabel = "DURATION",
      converter = CliConverters.DurationConverter.class,
      description = "How long to wait at the end for running jobs to be acked; the wait ends as"
          + " soon as all are (default 30s). Jobs still unacknowledged then count as lost.")
  Duration drainTimeout;

  @Option(names = "--progress", defaultValue = "2s", paramLabel = "DURATION",
      converter = CliConverters.DurationConverter.class,
      description = "How often to print progress on stderr (default 2s).")
  Duration progressEvery;

  @Option(names = "--id-prefix", defaultValue = "sim-", paramLabel = "PREFIX",
      description = "Server ids are PREFIX00000, PREFIX00001, ... (default sim-).")
  String idPrefix;

  @Option(names = "--allow-remote",
      description = "Allow a host that is not on loopback (by default only 127.0.0.0/8 and"
          + " ::1 are accepted, so a load run cannot hit a shared machine by mistake).")
  boolean allowRemote;

  private final Map<String, String> env;

  /** A command reading the trust store password from the process environment. */
  public SimulateCommand() {
    this(System.getenv());
  }

  /** A command reading the trust store password from {@code env}. */
  public SimulateCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public Integer call() throws InterruptedException {
    boolean loopback = validate();
    SSLContext tls = trust();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    OpenFiles files = OpenFiles.current();
    err.println("[simulate] " + files.describe());
    if (files.soft() >= 0 && servers > files.soft() - OpenFiles.RESERVED) {
      err.println("[simulate] warning: " + servers + " servers need about "
          + (servers + OpenFiles.RESERVED) + " open files; connects past the limit will fail");
    }
    int mapErrors = 0;
    if (maps > 0) {
      mapErrors = createMaps(err, tls);
    }
    FleetSimulator.Settings settings = new FleetSimulator.Settings(url, servers, duration,
        jobDurations, failureRate, token, heartbeat, backoff, drainTimeout, progressEvery,
        idPrefix, loopback && isIpv4(url.getHost()), tls, nextRound, killEvery);
    FleetSimulator fleet = new FleetSimulator(settings, err);
    CountDownLatch printed = new CountDownLatch(1);
    // SIGTERM or Ctrl-C ends the run early; the summary is still printed before the JVM exits.
    Thread earlyStop = new Thread(() -> {
      fleet.stop();
      try {
        printed.await(drainTimeout.toMillis() + STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "simulate-stop");
    Runtime.getRuntime().addShutdownHook(earlyStop);
    try {
      Map<String, Object> summary = fleet.run();
      return print(out, summary, mapErrors);
    } finally {
      printed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(earlyStop);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running: it is what ended the run.
      }
    }
  }

  private static int print(PrintWriter out, Map<String, Object> summary, int mapErrors) {
    summary.put("map_create_errors", mapErrors);
    if (mapErrors > 0) {
      summary.put("ok", false);
    }
    try {
      out.println(JSON.writeValueAsString(summary));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of numbers and strings always serialises", e);
    }
    out.flush();
    return Boolean.TRUE.equals(summary.get("ok")) ? 0 : 1;
  }

  /** Checks the options; returns whether the host is on loopback. */
  private boolean validate() {
    List<String> problems = new ArrayList<>();
    if (url == null || !("ws".equals(url.getScheme()) || "wss".equals(url.getScheme()))
        || url.getHost() == null) {
      problems.add("--url must be ws://HOST:PORT or wss://HOST:PORT, got " + url);
    }
    if (trustStore != null && url != null && !"wss".equals(url.getScheme())) {
      problems.add("--trust-store is for a wss:// --url");
    }
    String envPassword = env.get(TRUST_PASSWORD_ENV);
    if (trustStore != null && trustStorePasswordFile == null
        && (envPassword == null || envPassword.isEmpty())) {
      problems.add("--trust-store needs a password: --trust-store-password-file FILE or "
          + TRUST_PASSWORD_ENV);
    }
    if (trustStore == null && trustStorePasswordFile != null) {
      problems.add("--trust-store-password-file is set but --trust-store is not");
    }
    if (nextRound.isNegative()) {
      problems.add("--next-round must not be negative, got " + nextRound);
    }
    if (killEvery != null && killEvery.isZero()) {
      problems.add("--kill-every must be more than 0");
    }
    if (http != null && (!("http".equals(http.getScheme()) || "https".equals(http.getScheme()))
        || http.getHost() == null)) {
      problems.add("--http must be http://HOST:PORT or https://HOST:PORT, got " + http);
    }
    if (servers < 1 || servers > MAX_SERVERS) {
      problems.add("--servers must be 1 to " + MAX_SERVERS + ", got " + servers);
    }
    if (duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
      problems.add("--duration must be more than 0 and at most 1h, got " + duration);
    }
    if (!(failureRate >= 0 && failureRate <= 1)) {
      problems.add("--failure-rate must be 0 to 1, got " + failureRate);
    }
    if (maps < 0 || maps > MAX_MAPS) {
      problems.add("--maps must be 0 to " + MAX_MAPS + ", got " + maps);
    }
    if (maps > 0 && http == null) {
      problems.add("--maps needs --http to create them");
    }
    if (progressEvery.isZero()) {
      problems.add("--progress must be more than 0");
    }
    if (heartbeat != null && heartbeat.isZero()) {
      problems.add("--heartbeat must be more than 0");
    }
    if (!idPrefix.matches("[A-Za-z0-9_.:-]{1,100}")) {
      problems.add("--id-prefix must be 1-100 characters of [A-Za-z0-9_.:-]");
    }
    if (!problems.isEmpty()) {
      throw new ParameterException(spec.commandLine(), String.join("; ", problems));
    }
    boolean loopback = isLoopback(url) && (http == null || isLoopback(http));
    if (!loopback && !allowRemote) {
      throw new ParameterException(spec.commandLine(), "the host must be on loopback"
          + " (127.0.0.0/8 or ::1) unless --allow-remote is given: a load run against a shared"
          + " machine should be a decision, not a typo");
    }
    return loopback;
  }

  /** The client TLS context from --trust-store, or null for the JVM's default. */
  private SSLContext trust() {
    if (trustStore == null) {
      return null;
    }
    try {
      char[] password = trustStorePasswordFile != null
          ? SecretFiles.password(trustStorePasswordFile, "--trust-store-password-file")
          : env.get(TRUST_PASSWORD_ENV).toCharArray();
      return Tls.trustStore(trustStore, password);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private static boolean isLoopback(URI uri) {
    try {
      for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isIpv4(String host) {
    try {
      return InetAddress.getByName(host).getAddress().length == 4;
    } catch (IOException e) {
      return false;
    }
  }

  /** Creates the maps, some requests at a time; an existing map (409) is reused. */
  private int createMaps(PrintWriter err, SSLContext tls) throws InterruptedException {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (tls != null) {
      builder.sslContext(tls);
    }
    HttpClient client = builder.build();
    URI create;
    try {
      create = new URI(http.getScheme(), null, http.getHost(), http.getPort(),
          "/api/map/create/", null, null);
    } catch (URISyntaxException e) {
      throw new ParameterException(spec.commandLine(), "--http: " + e.getMessage());
    }
    Semaphore inFlight = new Semaphore(CREATES_AT_ONCE);
    AtomicInteger created = new AtomicInteger();
    AtomicInteger existed = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<CompletableFuture<?>> pending = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < maps; i++) {
      inFlight.acquire();
      String body = String.format(Locale.ROOT,
          "{\"map_id\":\"sim-map-%05d\",\"season_id\":\"sim\"}", i);
      HttpRequest.Builder request = HttpRequest.newBuilder(create)
          .timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body));
      if (adminToken != null) {
        request.header("Authorization", "Bearer " + adminToken);
      }
      pending.add(client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
          .whenComplete((response, error) -> {
            inFlight.release();
            if (error != null) {
              failed.incrementAndGet();
              err.println("[simulate] creating a map failed: " + error);
            } else if (response.statusCode() == 201) {
              created.incrementAndGet();
            } else if (response.statusCode() == 409) {
              existed.incrementAndGet();
            } else {
              failed.incrementAndGet();
              err.println("[simulate] creating a map failed: HTTP " + response.statusCode()
                  + " " + response.body());
            }
          }));
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
        .exceptionally(e -> null).join();
    err.printf(Locale.ROOT, "[simulate] maps: %d created, %d existed, %d failed in %d ms%n",
        created.get(), existed.get(), failed.get(), (System.nanoTime() - start) / 1_000_000);
    err.flush();
    return failed.get();
  }
}
