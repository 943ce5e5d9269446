package dev.orchestrator.host.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.host.TestHost;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * An event-stream reader on {@link HttpClient}: it reads the body line by line on its own
 * thread and collects the messages and comments, as a browser's EventSource would.
 */
final class SseClient implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final HttpResponse<InputStream> response;
  private final List<Message> messages = new CopyOnWriteArrayList<>();
  private final List<String> comments = new CopyOnWriteArrayList<>();
  private final String errorBody;

  /** One message: the fields as sent, the data parsed as JSON. */
  record Message(String id, String event, String data) {
    JsonNode json() {
      try {
        return TestHost.JSON.readTree(data);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    long idNumber() {
      return Long.parseLong(id);
    }
  }

  private SseClient(HttpResponse<InputStream> response) throws IOException {
    this.response = response;
    if (response.statusCode() == 200) {
      this.errorBody = null;
      Thread reader = new Thread(this::read, "sse-test-reader");
      reader.setDaemon(true);
      reader.start();
    } else {
      try (InputStream in = response.body()) {
        this.errorBody = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  /** Opens {@code uri} with {@code headers} and returns once the status line has arrived. */
  static SseClient open(URI uri, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET()
        .header("Accept", "text/event-stream");
    headers.forEach(request::header);
    try {
      return new SseClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void read() {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String id = null;
      String event = null;
      StringBuilder data = null;
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isEmpty()) {
          if (data != null) {
            messages.add(new Message(id, event == null ? "message" : event, data.toString()));
          }
          id = null;
          event = null;
          data = null;
        } else if (line.startsWith(":")) {
          comments.add(line.substring(1).trim());
        } else if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data = data == null ? new StringBuilder() : data.append('\n');
          data.append(line.substring(6));
        }
      }
    } catch (IOException e) {
      // The stream ended: the host stopped or the test closed it.
    }
  }

  int status() {
    return response.statusCode();
  }

  String header(String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  /** The error body of a refused stream. */
  JsonNode error() {
    try {
      return TestHost.JSON.readTree(errorBody);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<Message> messages() {
    return messages;
  }

  List<String> comments() {
    return comments;
  }

  /** Waits for the first message that matches and returns it. */
  Message await(Predicate<Message> match) {
    return Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> messages.stream().filter(match).findFirst().orElse(null),
            found -> found != null);
  }

  /** Waits for the first message of {@code event} about {@code mapId}. */
  Message await(String event, String mapId) {
    return await(m -> m.event().equals(event) && mapId.equals(m.json().path("map_id").asText()));
  }

  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
