package dev.orchestrator.core.contract;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Decides whether a test that needs a real server (PostgreSQL, Redis) or program (nginx) runs.
 * On a developer's machine without it the test is skipped with a message that says how to
 * start or install it; under {@code CI=true} a missing one fails the test, so CI never passes
 * by skipping.
 */
public final class ExternalService {

  private ExternalService() {}

  /**
   * Skips (or, under CI, fails) the calling test unless {@code host:port} accepts a TCP
   * connection within a second.
   *
   * @param name what the server is, for the message
   * @param howToStart the command that starts it
   */
  public static void require(String name, String host, int port, String howToStart) {
    if (accepts(host, port)) {
      return;
    }
    skipOrFail(
        name + " is not reachable at " + host + ":" + port + "; start it with: " + howToStart);
  }

  /**
   * Skips (or, under CI, fails) the calling test unless {@code program} is an executable file.
   *
   * @param name what the program is, for the message
   * @param howToInstall the command that installs it
   * @return the program, for the test to run
   */
  public static Path requireProgram(String name, Path program, String howToInstall) {
    if (Files.isExecutable(program)) {
      return program;
    }
    skipOrFail(name + " is not installed at " + program + "; install it with: " + howToInstall);
    return program;
  }

  private static void skipOrFail(String message) {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(message + " (CI=true: tests that need it must run, not skip)");
    }
    Assumptions.abort(message);
  }

  private static boolean accepts(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
