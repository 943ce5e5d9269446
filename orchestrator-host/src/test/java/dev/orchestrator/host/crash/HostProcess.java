package dev.orchestrator.host.crash;

import dev.orchestrator.host.HostMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * The host as its own JVM, as an operator runs it, so a test can kill it with SIGKILL and
 * start it again on the same store. Listens on loopback ports, ephemeral unless given, read
 * from its log. The log goes to a file, so nothing the process wrote before it ended is lost.
 */
public final class HostProcess implements AutoCloseable {
  private static final Pattern WS = Pattern.compile("game servers: ws://127\\.0\\.0\\.1:(\\d+)/");
  private static final Pattern HTTP = Pattern.compile("admin api: http://127\\.0\\.0\\.1:(\\d+)/");
  private final Process process;
  private final Path output;
  private final int wsPort;
  private final int httpPort;

  private HostProcess(int wsPort, int httpPort, List<String> serveArgs) throws IOException {
    this(List.of(), wsPort, httpPort, serveArgs);
  }

  private HostProcess(List<String> launcher, int wsPort, int httpPort, List<String> serveArgs)
      throws IOException {
    List<String> command = new ArrayList<>(launcher);
    command.addAll(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), HostMain.class.getName(), "serve",
        "--bind", "127.0.0.1", "--ws-port", String.valueOf(wsPort),
        "--http-port", String.valueOf(httpPort)));
    command.addAll(serveArgs);
    output = Files.createTempFile("host-process-", ".log");
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(output.toFile()).start();
    try {
      this.wsPort = port(WS);
      this.httpPort = port(HTTP);
    } catch (RuntimeException e) {
      // Nobody else holds the process yet to stop it.
      process.destroyForcibly();
      Files.deleteIfExists(output);
      throw e;
    }
  }

  /** Starts a host with these extra {@code serve} options and waits for its listeners. */
  public static HostProcess start(List<String> serveArgs) throws IOException {
    return new HostProcess(0, 0, serveArgs);
  }

  /**
   * Starts a host whose open-files limit (soft and hard) is {@code limit}, through util-linux
   * {@code prlimit}.
   */
  public static HostProcess startWithOpenFilesLimit(long limit, List<String> serveArgs)
      throws IOException {
    return new HostProcess(List.of("prlimit", "--nofile=" + limit + ":" + limit, "--"), 0, 0,
        serveArgs);
  }

  /** Starts a host on these ports (a restart on the ports a load balancer knows). */
  public static HostProcess startOn(int wsPort, int httpPort, List<String> serveArgs)
      throws IOException {
    return new HostProcess(wsPort, httpPort, serveArgs);
  }

  /** The game servers' WebSocket port. */
  public int wsPort() {
    return wsPort;
  }

  public URI ws(String serverId) {
    return URI.create("ws://127.0.0.1:" + wsPort + "/ws/server/" + serverId + "/");
  }

  public URI http(String path) {
    return URI.create("http://127.0.0.1:" + httpPort + path);
  }

  /** Kills the process with SIGKILL: no shutdown hook, no close frames, no flush. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** Sends SIGTERM, as a service manager stopping the host does. */
  public void terminate() {
    process.destroy();
  }

  /**
   * Waits for the process to end by itself and returns its exit code.
   *
   * @throws IllegalStateException with the log if it is still running after {@code limit}
   */
  public int awaitExit(Duration limit) throws InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("host still running after " + limit + "; log:\n" + log());
    }
    return process.exitValue();
  }

  /** What the process has written so far. */
  public String log() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    kill();
    try {
      Files.deleteIfExists(output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int port(Pattern pattern) {
    try {
      return Awaitility.await("host listening")
          .atMost(Duration.ofSeconds(60))
          .failFast(() -> !process.isAlive())
          .until(() -> find(pattern), Optional::isPresent)
          .orElseThrow();
    } catch (RuntimeException e) {
      throw new IllegalStateException("host did not start listening; its log:\n" + log(), e);
    }
  }

  private Optional<Integer> find(Pattern pattern) {
    Matcher matcher = pattern.matcher(log());
    return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
  }
}
