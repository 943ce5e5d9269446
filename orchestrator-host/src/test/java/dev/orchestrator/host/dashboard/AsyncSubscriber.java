package dev.orchestrator.host.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.host.TestHost;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * An event subscriber on the JDK's asynchronous HTTP and WebSocket clients, so a test can hold
 * a thousand of them without a thread each. Collects every event (and reset) as JSON.
 */
final class AsyncSubscriber implements AutoCloseable {
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private volatile Runnable cancel = () -> { };

  /** Opens an SSE stream; completes once the status line arrived, fails on another than 200. */
  static CompletableFuture<AsyncSubscriber> sse(HttpClient http, URI uri) {
    AsyncSubscriber subscriber = new AsyncSubscriber();
    return http.sendAsync(
        HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").build(),
        HttpResponse.BodyHandlers.ofPublisher()).thenApply(response -> {
          if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode());
          }
          response.body().subscribe(subscriber.lines());
          return subscriber;
        });
  }

  /** Opens a WebSocket subscription; completes once it is open. */
  static CompletableFuture<AsyncSubscriber> socket(HttpClient http, URI uri) {
    return socket(http, uri, Map.of());
  }

  /** Opens a WebSocket subscription with {@code headers}; completes once it is open. */
  static CompletableFuture<AsyncSubscriber> socket(HttpClient http, URI uri,
      Map<String, String> headers) {
    AsyncSubscriber subscriber = new AsyncSubscriber();
    WebSocket.Builder builder = http.newWebSocketBuilder();
    headers.forEach(builder::header);
    return builder.buildAsync(uri, subscriber.messages()).thenApply(socket -> {
      subscriber.cancel = socket::abort;
      return subscriber;
    });
  }

  List<JsonNode> received() {
    return received;
  }

  /** Splits the body into lines (SSE lines are UTF-8 text ending in a newline). */
  private Flow.Subscriber<List<ByteBuffer>> lines() {
    return new Flow.Subscriber<>() {
      private final ByteArrayOutputStream line = new ByteArrayOutputStream();

      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        cancel = subscription::cancel;
        subscription.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
          while (buffer.hasRemaining()) {
            byte b = buffer.get();
            if (b != '\n') {
              line.write(b);
              continue;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.startsWith("data: ")) {
              received.add(parse(text.substring(6)));
            }
          }
        }
      }

      @Override
      public void onError(Throwable throwable) {
        // The stream ended: the host stopped or the test closed it.
      }

      @Override
      public void onComplete() {
        // As above.
      }
    };
  }

  private WebSocket.Listener messages() {
    return new WebSocket.Listener() {
      private final StringBuilder partial = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          received.add(parse(partial.toString()));
          partial.setLength(0);
        }
        socket.request(1);
        return null;
      }
    };
  }

  private static JsonNode parse(String json) {
    try {
      return TestHost.JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for a subscription to open. */
  static <T> T join(CompletableFuture<T> future) {
    try {
      return future.get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("subscription did not open", e);
    }
  }

  @Override
  public void close() {
    cancel.run();
  }
}
