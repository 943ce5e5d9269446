package dev.orchestrator.host.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.core.protocol.Welcome;
import dev.orchestrator.host.TestHost;
import dev.orchestrator.host.WsClient;
import dev.orchestrator.host.internal.dashboard.EventStreamSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Filtered subscriptions, over SSE ({@code /api/events/?...}) and WebSocket ({@code
 * /ws/events/?...}): each subscriber gets exactly the events its filter names, with the same
 * token, resume and error rules on both.
 */
class FilteredSubscriptionsTest {
  private static final int SUBSCRIBERS = 1_000;
  private static final int SERVERS = 4;
  private static final int BY_MAP = 900;
  private static final int BY_MAP_AND_TYPE = 950;

  @Test
  void shouldDeliverToEachOfAThousandFilteredSubscribersOnlyItsOwnEvents() throws Exception {
    EventStreamSettings settings = EventStreamSettings.defaults().withMaxStreams(1_100);
    HttpClient http = HttpClient.newHttpClient();
    List<AsyncSubscriber> subscribers = new ArrayList<>();
    List<WsClient> servers = new ArrayList<>();
    try (StreamStack stack = new StreamStack(settings, List.of())) {
      long start = TestHost.JSON.readTree(http.send(
          java.net.http.HttpRequest.newBuilder(stack.http("/api/events/summary/")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body()).get("latest_id").asLong();
      // Opened 50 at a time: more at once would overflow the listeners' accept backlogs.
      for (int chunk = 0; chunk < SUBSCRIBERS; chunk += 50) {
        List<CompletableFuture<AsyncSubscriber>> opening = new ArrayList<>();
        for (int i = chunk; i < chunk + 50; i++) {
          String query = filterOf(i) + "&last_event_id=" + start;
          opening.add(i % 2 == 0
              ? AsyncSubscriber.sse(http, stack.http("/api/events/?" + query))
              : AsyncSubscriber.socket(http, stack.ws("/ws/events/?" + query)));
        }
        opening.forEach(future -> subscribers.add(AsyncSubscriber.join(future)));
      }

      for (int s = 0; s < SERVERS; s++) {
        WsClient server = WsClient.connect(URI.create(
            stack.ws("/ws/server/watched-" + s + "/").toString()));
        server.await(Welcome.class);
        servers.add(server);
      }
      for (int i = 0; i < BY_MAP_AND_TYPE; i++) {
        stack.createMap("m" + i);
      }
      for (int i = BY_MAP; i < BY_MAP_AND_TYPE; i++) {
        stack.orchestrator().deleteMap("m" + i);
      }

      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
          .until(() -> IntStream.range(0, SUBSCRIBERS)
              .allMatch(i -> hasItsOwnEvent(i, subscribers.get(i))));
      for (int i = 0; i < SUBSCRIBERS; i++) {
        Predicate<JsonNode> own = ownership(i);
        assertThat(subscribers.get(i).received()).as("events of subscriber %d (%s)", i,
            filterOf(i)).isNotEmpty().allMatch(own);
      }
    } finally {
      subscribers.forEach(AsyncSubscriber::close);
      servers.forEach(WsClient::close);
    }
  }

  /** Subscribers 0-899 watch one map, 900-949 one map's deletion, the rest one server. */
  private static String filterOf(int i) {
    if (i < BY_MAP) {
      return "map_id=m" + i;
    }
    if (i < BY_MAP_AND_TYPE) {
      return "map_id=m" + i + "&type=map_deleted";
    }
    return "server_id=watched-" + (i % SERVERS) + "&type=server_connected,server_status"
        + "&type=job_assigned";
  }

  private static Predicate<JsonNode> ownership(int i) {
    if (i < BY_MAP) {
      return e -> ("m" + i).equals(e.path("map_id").asText());
    }
    if (i < BY_MAP_AND_TYPE) {
      return e -> ("m" + i).equals(e.path("map_id").asText())
          && "map_deleted".equals(e.path("type").asText());
    }
    return e -> ("watched-" + (i % SERVERS)).equals(e.path("server_id").asText())
        && List.of("server_connected", "server_status", "job_assigned")
            .contains(e.path("type").asText());
  }

  private static boolean hasItsOwnEvent(int i, AsyncSubscriber subscriber) {
    String expected = i < BY_MAP ? "map_created" : i < BY_MAP_AND_TYPE ? "map_deleted"
        : "server_connected";
    return subscriber.received().stream().anyMatch(e -> expected.equals(e.path("type").asText())
        && ownership(i).test(e));
  }

  @Test
  void shouldResumeAFilteredStreamFromItsLastIdAndResetItWhenTooFarBehind() {
    EventStreamSettings settings = EventStreamSettings.defaults().withBufferSize(8);
    try (StreamStack stack = new StreamStack(settings, List.of());
        SseClient all = SseClient.open(stack.http("/api/events/"), Map.of())) {
      stack.createMap("a");
      SseClient.Message a = all.await("map_created", "a");
      stack.createMap("b");
      stack.createMap("c");
      stack.createMap("b2");
      all.await("map_created", "b2");

      try (SseClient resumed = SseClient.open(
          stack.http("/api/events/?map_id=b&last_event_id=" + a.id()), Map.of())) {
        SseClient.Message b = resumed.await("map_created", "b");
        assertThat(resumed.messages()).containsExactly(b);
      }
      for (int i = 0; i < 10; i++) {
        stack.createMap("filler" + i);
        all.await("map_created", "filler" + i);
      }
      try (SseClient behind = SseClient.open(
          stack.http("/api/events/?map_id=b&last_event_id=" + a.id()), Map.of())) {
        assertThat(behind.await(m -> true).event()).isEqualTo("reset");
        stack.orchestrator().deleteMap("b");
        behind.await("map_deleted", "b");
        assertThat(behind.messages()).extracting(SseClient.Message::event)
            .containsExactly("reset", "map_deleted");
      }
    }
  }

  @Test
  void shouldRefuseABadFilterNamingTheParameterOnBothTransports() {
    try (StreamStack stack = new StreamStack(EventStreamSettings.defaults(), List.of())) {
      SseClient badType = SseClient.open(stack.http("/api/events/?type=job_done"), Map.of());
      assertThat(badType.status()).isEqualTo(400);
      assertThat(badType.error().get("field").asText()).isEqualTo("type");
      assertThat(badType.error().get("message").asText()).contains("job_done");
      SseClient twoMaps = SseClient.open(stack.http("/api/events/?map_id=a&map_id=b"),
          Map.of());
      assertThat(twoMaps.status()).isEqualTo(400);
      assertThat(twoMaps.error().get("field").asText()).isEqualTo("map_id");

      assertThat(handshakeStatus(stack.ws("/ws/events/?type=nope"), Map.of())).isEqualTo(400);
      assertThat(handshakeStatus(stack.ws("/ws/events/?server_id="), Map.of())).isEqualTo(400);
      assertThat(handshakeStatus(stack.ws("/ws/events/?last_event_id=x"), Map.of()))
          .isEqualTo(400);
    }
  }

  @Test
  void shouldAskForTheAdminTokenOrAQueryTokenOnTheEventSocket() throws Exception {
    try (StreamStack stack = new StreamStack(EventStreamSettings.defaults(), List.of("adm"))) {
      assertThat(handshakeStatus(stack.ws("/ws/events/"), Map.of())).isEqualTo(401);
      assertThat(handshakeStatus(stack.ws("/ws/events/"),
          Map.of("Authorization", "Bearer wrong"))).isEqualTo(401);
      assertThat(handshakeStatus(stack.ws("/ws/events/?token=forged"), Map.of()))
          .isEqualTo(401);

      HttpClient http = HttpClient.newHttpClient();
      String token = TestHost.JSON.readTree(http.send(java.net.http.HttpRequest.newBuilder(
              stack.http("/api/events/token/")).header("Authorization", "Bearer adm")
          .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body()).get("token").asText();
      try (AsyncSubscriber byToken = AsyncSubscriber.join(AsyncSubscriber.socket(http,
              stack.ws("/ws/events/?map_id=seen&token=" + token)));
          AsyncSubscriber byHeader = AsyncSubscriber.join(AsyncSubscriber.socket(http,
              stack.ws("/ws/events/"), Map.of("Authorization", "Bearer adm")))) {
        stack.createMap("unseen");
        stack.createMap("seen");
        Awaitility.await().atMost(Duration.ofSeconds(10))
            .until(() -> byToken.received().size() == 1 && byHeader.received().size() == 2);
        assertThat(byToken.received().get(0).get("map_id").asText()).isEqualTo("seen");
      }
    }
  }

  private static int handshakeStatus(URI uri, Map<String, String> headers) {
    java.net.http.WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
    headers.forEach(builder::header);
    try {
      builder.buildAsync(uri, new java.net.http.WebSocket.Listener() { })
          .get(10, TimeUnit.SECONDS).abort();
      return 101;
    } catch (Exception e) {
      Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause()
          : e.getCause();
      if (cause instanceof WebSocketHandshakeException refused) {
        return refused.getResponse().statusCode();
      }
      throw new IllegalStateException("handshake failed without a status", e);
    }
  }
}
