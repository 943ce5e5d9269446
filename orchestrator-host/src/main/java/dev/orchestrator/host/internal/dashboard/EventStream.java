package dev.orchestrator.host.internal.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.spi.MapPage;
import dev.orchestrator.core.spi.MapQuery;
import dev.orchestrator.host.internal.TokenCheck;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/events/}: the event stream as Server-Sent Events, plus {@code POST
 * /api/events/token/} (a short-lived query token for {@code EventSource}) and {@code GET
 * /api/events/summary/} (what a dashboard needs before it opens the stream).
 *
 * <p>The HTTP thread only checks the call and sends the headers; a small pool of writer
 * threads then copies encoded events from the {@link EventJournal} to each stream. A stream
 * holds nothing but its position in the journal, so a slow reader costs no memory: when it
 * falls out of the ring it is sent {@code reset} and continues from the newest event. A
 * reader that stops reading altogether blocks one write; after {@link
 * EventStreamSettings#writeStall()} its connection is closed (interrupting the blocked write
 * closes the socket channel), so it cannot hold a writer thread. Thread-safe.
 */
public final class EventStream implements HttpHandler, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventStream.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int WRITERS = 2;
  private static final int BATCH = 512;
  private static final long TICK_MILLIS = 200;
  private static final int MAX_JOB_PAGES = 20;
  private static final byte[] PREAMBLE =
      "retry: 2000\n: connected\n\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

  private final Orchestrator orchestrator;
  private final EventJournal journal;
  private final TokenCheck adminToken;
  private final EventStreamSettings settings;
  private final QueryTokens queryTokens;
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final ExecutorService writers;
  private final ScheduledExecutorService timer;
  private volatile boolean closed;

  /** A stream of {@code journal}'s events; nothing runs before {@link #start()}. */
  public EventStream(Orchestrator orchestrator, EventJournal journal, TokenCheck adminToken,
      EventStreamSettings settings) {
    this.orchestrator = orchestrator;
    this.journal = journal;
    this.adminToken = adminToken;
    this.settings = settings;
    this.queryTokens = new QueryTokens(settings.clock(), settings.tokenTtl());
    this.writers = Executors.newFixedThreadPool(WRITERS, daemon("events-writer-"));
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("events-timer-"));
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger number = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Starts the keep-alive, heartbeat and stall timer and wakes writers on new events. */
  public void start() {
    journal.onAppend(this::wakeAll);
    timer.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Open streams. */
  public int openStreams() {
    return subscribers.size();
  }

  @Override
  public void handle(HttpExchange exchange) {
    String path = exchange.getRequestURI().getPath();
    String normalized = path.length() > 1 && path.endsWith("/")
        ? path.substring(0, path.length() - 1) : path;
    try {
      switch (normalized) {
        case "/api/events" -> {
          allow(exchange, "GET");
          stream(exchange);
        }
        case "/api/events/token" -> {
          allow(exchange, "POST");
          requireAdmin(exchange);
          token(exchange);
        }
        case "/api/events/summary" -> {
          allow(exchange, "GET");
          requireAdmin(exchange);
          respond(exchange, 200, summary());
        }
        default -> throw new Refusal(404, "not_found", "no endpoint " + path);
      }
    } catch (Refusal refusal) {
      respond(exchange, refusal.status, error(refusal.code, refusal.getMessage(),
          refusal.field));
    } catch (RuntimeException e) {
      log.error("event stream call {} {} failed", exchange.getRequestMethod(), path, e);
      respond(exchange, 500, error("internal_error", "the host failed to answer; see its log",
          null));
    }
  }

  private static void allow(HttpExchange exchange, String method) {
    if (!method.equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Allow", method);
      throw new Refusal(405, "method_not_allowed", exchange.getRequestMethod()
          + " is not allowed on " + exchange.getRequestURI().getPath() + "; use " + method);
    }
  }

  private boolean bearerAccepted(HttpExchange exchange) {
    return !adminToken.isEnabled() || adminToken.accepts(
        TokenCheck.bearer(exchange.getRequestHeaders().getFirst("Authorization")));
  }

  private void requireAdmin(HttpExchange exchange) {
    if (!bearerAccepted(exchange)) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
      throw new Refusal(401, "unauthorized",
          "send the admin token as Authorization: Bearer <token>");
    }
  }

  private void token(HttpExchange exchange) {
    String token = queryTokens.issue();
    if (token == null) {
      throw new Refusal(429, "too_many_tokens", "more than " + QueryTokens.MAX_OUTSTANDING
          + " stream tokens are live; wait until some expire");
    }
    respond(exchange, 200, JSON.createObjectNode().put("token", token)
        .put("expires_in_s", queryTokens.ttl().toSeconds()));
  }

  private ObjectNode summary() {
    ObjectNode node = journal.summary(settings.clock().instant());
    ArrayNode jobs = node.putArray("jobs");
    String cursor = null;
    for (int page = 0; page < MAX_JOB_PAGES; page++) {
      MapPage maps = orchestrator.listMaps(
          new MapQuery(MapStatus.PROCESSING, null, cursor, MapQuery.MAX_LIMIT));
      for (GameMap map : maps.maps()) {
        if (map.lease() != null) {
          jobs.addObject()
              .put("map_id", map.mapId())
              .put("job_id", map.jobId())
              .put("server_id", map.lease().serverId())
              .put("attempt", map.lease().attempt())
              .put("assigned_at", map.lease().assignedAt().toString());
        }
      }
      cursor = maps.nextCursor();
      if (cursor == null) {
        break;
      }
    }
    return node;
  }

  private void stream(HttpExchange exchange) {
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    String queryToken = query.get("token");
    if (!bearerAccepted(exchange) && !queryTokens.accepts(queryToken)) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
      throw new Refusal(401, "unauthorized", queryToken == null
          ? "send the admin token as Authorization: Bearer <token>, or open the stream with"
              + " ?token= from POST /api/events/token/"
          : "the stream token is unknown or expired; get a new one from POST"
              + " /api/events/token/");
    }
    long cursor = lastEventId(exchange, query);
    if (closed) {
      throw new Refusal(503, "stopping", "the host is stopping");
    }
    if (subscribers.size() >= settings.maxStreams()) {
      throw new Refusal(429, "too_many_streams", settings.maxStreams()
          + " event streams are open already");
    }
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Type", "text/event-stream; charset=utf-8");
    headers.set("Cache-Control", "no-store");
    headers.set("X-Content-Type-Options", "nosniff");
    // Tells nginx-style proxies not to buffer the stream.
    headers.set("X-Accel-Buffering", "no");
    Subscriber subscriber;
    try {
      exchange.sendResponseHeaders(200, 0);
      subscriber = new Subscriber(exchange, exchange.getResponseBody(), cursor);
      write(subscriber, PREAMBLE);
    } catch (IOException e) {
      log.debug("event stream client went away before the stream started", e);
      exchange.close();
      return;
    }
    subscribers.add(subscriber);
    schedule(subscriber);
  }

  /** The header wins over the query parameter, as a browser's own reconnect sends the header. */
  private long lastEventId(HttpExchange exchange, Map<String, String> query) {
    String header = exchange.getRequestHeaders().getFirst("Last-Event-ID");
    String value = header != null && !header.isBlank() ? header.trim()
        : query.get("last_event_id");
    if (value == null || value.isEmpty()) {
      return journal.latestId();
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new Refusal(400, "invalid_field",
          "last_event_id must be an event id from this stream, got '" + value + "'",
          "last_event_id");
    }
  }

  private void wakeAll() {
    for (Subscriber subscriber : subscribers) {
      schedule(subscriber);
    }
  }

  private void schedule(Subscriber subscriber) {
    if (subscriber.dead || !subscriber.scheduled.compareAndSet(false, true)) {
      return;
    }
    try {
      writers.execute(() -> drain(subscriber));
    } catch (RejectedExecutionException e) {
      subscriber.scheduled.set(false);
    }
  }

  private void drain(Subscriber subscriber) {
    try {
      boolean wrote = false;
      while (!subscriber.dead) {
        EventJournal.Batch batch = journal.after(subscriber.cursor, BATCH);
        if (batch.reset()) {
          write(subscriber, reset(batch.latestId()));
          subscriber.cursor = batch.latestId();
        } else if (batch.events().isEmpty()) {
          break;
        } else {
          ByteArrayOutputStream buffer = new ByteArrayOutputStream();
          for (StreamEvent event : batch.events()) {
            buffer.writeBytes(event.frame());
          }
          write(subscriber, buffer.toByteArray());
          subscriber.cursor = batch.events().get(batch.events().size() - 1).id();
        }
        wrote = true;
      }
      if (subscriber.keepAliveDue && !subscriber.dead) {
        subscriber.keepAliveDue = false;
        if (!wrote) {
          write(subscriber, KEEP_ALIVE);
        }
      }
    } catch (IOException e) {
      log.debug("event stream client went away", e);
      drop(subscriber);
    } finally {
      subscriber.scheduled.set(false);
    }
    if (!subscriber.dead
        && (journal.latestId() > subscriber.cursor || subscriber.keepAliveDue)) {
      schedule(subscriber);
    }
  }

  private static byte[] reset(long latestId) {
    String data = JSON.createObjectNode().put("latest_id", latestId)
        .put("message", "this stream fell behind the host's buffer; re-read the lists")
        .toString();
    return ("id: " + latestId + "\nevent: reset\ndata: " + data + "\n\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private void write(Subscriber subscriber, byte[] bytes) throws IOException {
    subscriber.io.lock();
    try {
      synchronized (subscriber) {
        if (subscriber.aborted) {
          throw new IOException("stream aborted after a stalled write");
        }
        subscriber.writer = Thread.currentThread();
        subscriber.writingSince = System.nanoTime();
      }
      try {
        subscriber.out.write(bytes);
        subscriber.out.flush();
        subscriber.lastWrite = System.nanoTime();
      } finally {
        synchronized (subscriber) {
          subscriber.writer = null;
          subscriber.writingSince = 0;
          if (subscriber.aborted) {
            // The watchdog's interrupt may land after the write returned; it must not leak
            // into the next stream this pooled thread serves.
            Thread.interrupted();
          }
        }
      }
    } finally {
      subscriber.io.unlock();
    }
  }

  private void tick() {
    try {
      journal.flushHeartbeats();
      long now = System.nanoTime();
      long keepAlive = settings.keepAlive().toNanos();
      long stall = settings.writeStall().toNanos();
      for (Subscriber subscriber : subscribers) {
        boolean stalled;
        synchronized (subscriber) {
          stalled = subscriber.writer != null && now - subscriber.writingSince > stall;
          if (stalled) {
            subscriber.aborted = true;
            subscriber.writer.interrupt();
          }
        }
        if (stalled) {
          log.info("dropping an event stream that has not read for {}", settings.writeStall());
          subscriber.dead = true;
          subscribers.remove(subscriber);
        } else if (now - subscriber.lastWrite >= keepAlive) {
          subscriber.keepAliveDue = true;
          schedule(subscriber);
        }
      }
    } catch (RuntimeException e) {
      log.warn("event stream timer failed", e);
    }
  }

  private void drop(Subscriber subscriber) {
    subscriber.dead = true;
    subscribers.remove(subscriber);
    subscriber.exchange.close();
  }

  /**
   * Ends every stream (browsers reconnect to another host or after the restart) and stops the
   * threads; a stream whose client stopped reading is cut after a second.
   */
  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    for (Subscriber subscriber : subscribers) {
      subscriber.dead = true;
    }
    for (Subscriber subscriber : subscribers) {
      try {
        writers.execute(() -> finish(subscriber));
      } catch (RejectedExecutionException e) {
        log.debug("writers already stopped", e);
      }
    }
    writers.shutdown();
    try {
      if (!writers.awaitTermination(1, TimeUnit.SECONDS)) {
        writers.shutdownNow();
      }
    } catch (InterruptedException e) {
      writers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    subscribers.clear();
  }

  private void finish(Subscriber subscriber) {
    subscriber.io.lock();
    try {
      subscriber.exchange.close();
    } finally {
      subscriber.io.unlock();
    }
  }

  private static void respond(HttpExchange exchange, int status, ObjectNode body) {
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Type", "application/json");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Cache-Control", "no-store");
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    try (exchange; OutputStream out = exchange.getResponseBody()) {
      exchange.sendResponseHeaders(status, bytes.length);
      out.write(bytes);
    } catch (IOException e) {
      log.debug("client went away before the response was written", e);
    }
  }

  private static ObjectNode error(String code, String message, String field) {
    ObjectNode node = JSON.createObjectNode().put("error", code).put("message", message);
    if (field != null) {
      node.put("field", field);
    }
    return node;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        params.putIfAbsent(URLDecoder.decode(key, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new Refusal(400, "invalid_field",
            "query parameter " + key + " is not URL-encoded text", key);
      }
    }
    return params;
  }

  /** One open stream. Its position is only moved by the one drain task that runs for it. */
  private static final class Subscriber {
    final HttpExchange exchange;
    final OutputStream out;
    final AtomicBoolean scheduled = new AtomicBoolean();
    final ReentrantLock io = new ReentrantLock();
    volatile long cursor;
    volatile boolean dead;
    volatile boolean keepAliveDue;
    volatile long lastWrite = System.nanoTime();
    Thread writer;
    long writingSince;
    boolean aborted;

    Subscriber(HttpExchange exchange, OutputStream out, long cursor) {
      this.exchange = exchange;
      this.out = out;
      this.cursor = cursor;
    }
  }

  /** A call answered with an error body instead of a stream. */
  private static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;
    final String field;

    Refusal(int status, String code, String message) {
      this(status, code, message, null);
    }

    Refusal(int status, String code, String message, String field) {
      super(message);
      this.status = status;
      this.code = code;
      this.field = field;
    }
  }
}
