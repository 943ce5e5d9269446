package dev.orchestrator.host.crash;

import dev.orchestrator.host.HostMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * The host as its own JVM, as an operator runs it, so a test can kill it with SIGKILL and
 * start it again on the same store. Listens on ephemeral loopback ports read from its log.
 */
public final class HostProcess implements AutoCloseable {
  private static final Pattern WS = Pattern.compile("game servers: ws://127\\.0\\.0\\.1:(\\d+)/");
  private static final Pattern HTTP = Pattern.compile("admin api: http://127\\.0\\.0\\.1:(\\d+)/");
  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final int wsPort;
  private final int httpPort;

  private HostProcess(List<String> serveArgs) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), HostMain.class.getName(), "serve",
        "--bind", "127.0.0.1", "--ws-port", "0", "--http-port", "0"));
    command.addAll(serveArgs);
    process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Thread reader = new Thread(this::collect, "host-output");
    reader.setDaemon(true);
    reader.start();
    wsPort = port(WS);
    httpPort = port(HTTP);
  }

  /** Starts a host with these extra {@code serve} options and waits for its listeners. */
  public static HostProcess start(List<String> serveArgs) throws IOException {
    return new HostProcess(serveArgs);
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

  public String log() {
    return String.join("\n", output);
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }

  private int port(Pattern pattern) {
    return Awaitility.await("host listening (log so far: " + output + ")")
        .atMost(Duration.ofSeconds(30))
        .failFast(() -> !process.isAlive())
        .until(() -> find(pattern), Optional::isPresent)
        .orElseThrow();
  }

  private Optional<Integer> find(Pattern pattern) {
    for (String line : output) {
      Matcher matcher = pattern.matcher(line);
      if (matcher.find()) {
        return Optional.of(Integer.parseInt(matcher.group(1)));
      }
    }
    return Optional.empty();
  }

  private void collect() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      in.lines().forEach(output::add);
    } catch (IOException | UncheckedIOException e) {
      output.add("output closed: " + e.getMessage());
    }
  }
}
