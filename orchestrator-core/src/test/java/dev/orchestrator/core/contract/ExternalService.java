package dev.orchestrator.core.contract;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;

/**
 * Decides whether a test that needs a real server (PostgreSQL, Redis) runs. On a developer's
 * machine without the server the test is skipped with a message that says how to start it;
 * under {@code CI=true} a missing server fails the test, so CI never passes by skipping.
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
    String message =
        name + " is not reachable at " + host + ":" + port + "; start it with: " + howToStart;
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
