package dev.orchestrator.host.upgrade;

import dev.orchestrator.core.contract.ExternalService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * nginx from the system's package (Debian {@code nginx}), run as a child process in the
 * foreground with a generated main config whose pid, logs and temp files all live in one
 * directory, so it needs no privileges and leaves nothing behind.
 */
final class Nginx implements AutoCloseable {
  private static final Path BINARY = Path.of("/usr/sbin/nginx");
  private final Process process;
  private final Path dir;

  private Nginx(Process process, Path dir) {
    this.process = process;
    this.dir = dir;
  }

  /** The nginx binary; skips the test without it, or fails it under {@code CI=true}. */
  static Path require() {
    return ExternalService.requireProgram("nginx", BINARY, "apt-get install nginx");
  }

  /**
   * Starts nginx with {@code httpConfig} (what goes inside {@code http { }}, as a conf.d file
   * holds) and waits until it accepts connections on {@code port}.
   */
  static Nginx start(Path binary, Path dir, String httpConfig, int port) throws IOException {
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, String.join("\n",
        "worker_processes 1;",
        "pid " + dir.resolve("nginx.pid") + ";",
        "error_log " + dir.resolve("error.log") + " warn;",
        "events { worker_connections 4096; }",
        "http {",
        "  access_log off;",
        "  client_body_temp_path " + dir.resolve("client_body") + ";",
        "  proxy_temp_path " + dir.resolve("proxy") + ";",
        "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";",
        "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";",
        "  scgi_temp_path " + dir.resolve("scgi") + ";",
        httpConfig,
        "}",
        ""), StandardCharsets.UTF_8);
    Process process = new ProcessBuilder(binary.toString(), "-p", dir.toString(), "-c",
        conf.toString(), "-e", dir.resolve("error.log").toString(), "-g", "daemon off;")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("stdout.log").toFile())
        .start();
    Nginx nginx = new Nginx(process, dir);
    try {
      Awaitility.await("nginx listening on " + port)
          .atMost(Duration.ofSeconds(15))
          .failFast("nginx exited", () -> !process.isAlive())
          .until(() -> accepts(port));
    } catch (RuntimeException e) {
      throw new IllegalStateException("nginx did not start: " + nginx.log(), e);
    }
    return nginx;
  }

  /** nginx's error log and output so far. */
  String log() throws IOException {
    StringBuilder text = new StringBuilder();
    for (String name : new String[] {"stdout.log", "error.log"}) {
      Path file = dir.resolve(name);
      if (Files.exists(file)) {
        text.append(Files.readString(file, StandardCharsets.UTF_8));
      }
    }
    return text.toString();
  }

  /** SIGTERM (nginx's fast shutdown), then SIGKILL to it and its workers if it lingers. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
