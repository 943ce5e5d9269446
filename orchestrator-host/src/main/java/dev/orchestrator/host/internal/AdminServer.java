package dev.orchestrator.host.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.orchestrator.core.MapExistsException;
import dev.orchestrator.core.MapNotFoundException;
import dev.orchestrator.core.MoveRejectedException;
import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.ServerNotConnectedException;
import dev.orchestrator.core.ServerNotFoundException;
import dev.orchestrator.core.StoreUnavailableException;
import dev.orchestrator.core.model.IllegalTransitionException;
import dev.orchestrator.host.internal.dashboard.Dashboard;
import dev.orchestrator.host.internal.dashboard.DashboardAssets;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP API on the JDK's {@link HttpServer}: routing (a trailing slash is optional
 * everywhere), the admin token, error bodies and the security headers. {@code /healthz},
 * {@code /readyz} and {@code /metrics} stay open when a token is set, so probes and scrapers
 * need no secret. With TLS configured it serves HTTPS only; with allowed origins, browser
 * requests from other origins get 403 (see {@link SecurityFilter}).
 */
public final class AdminServer {
  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
  private static final String MAP_ID = "([^/]+)";
  private static final int THREADS = 4;

  private final HttpServer server;
  private final ExecutorService executor;
  private final TokenCheck adminToken;
  private final List<Routes.Resource> resources;
  private final Dashboard dashboard;

  /**
   * Binds {@code address} at once, over plain HTTP without an origin check.
   *
   * @param listenerUp whether the game-server listener is up, for readiness
   * @param dashboard the event stream and page; the server starts and closes it
   * @throws IOException if the address cannot be bound
   */
  public AdminServer(InetSocketAddress address, Orchestrator orchestrator, HostMetrics metrics,
      TokenCheck adminToken, BooleanSupplier listenerUp, Dashboard dashboard)
      throws IOException {
    this(address, orchestrator, metrics, adminToken, listenerUp, dashboard, AdminSecurity.none());
  }

  /**
   * Binds {@code address} at once.
   *
   * @param listenerUp whether the game-server listener is up, for readiness
   * @param dashboard the event stream and page; the server starts and closes it
   * @param security TLS and the origin check
   * @throws IOException if the address cannot be bound
   */
  public AdminServer(InetSocketAddress address, Orchestrator orchestrator, HostMetrics metrics,
      TokenCheck adminToken, BooleanSupplier listenerUp, Dashboard dashboard,
      AdminSecurity security) throws IOException {
    this(address, orchestrator, metrics, adminToken, listenerUp, dashboard, security, null);
  }

  /**
   * Binds {@code address} at once.
   *
   * @param listenerUp whether the game-server listener is up, for readiness
   * @param dashboard the event stream and page; the server starts and closes it
   * @param security TLS and the origin check
   * @param drain the host's drain, behind {@code /api/host/drain/} and readiness; null for an
   *     admin API without one
   * @throws IOException if the address cannot be bound
   */
  public AdminServer(InetSocketAddress address, Orchestrator orchestrator, HostMetrics metrics,
      TokenCheck adminToken, BooleanSupplier listenerUp, Dashboard dashboard,
      AdminSecurity security, HostDrain drain) throws IOException {
    this.adminToken = adminToken;
    this.dashboard = dashboard;
    this.resources = routes(orchestrator, metrics, listenerUp, dashboard.assets(), drain);
    if (security.tls() == null) {
      this.server = HttpServer.create(address, 64);
    } else {
      HttpsServer https = HttpsServer.create(address, 64);
      https.setHttpsConfigurator(new HttpsConfigurator(security.tls()));
      this.server = https;
    }
    AtomicInteger threadNumber = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(THREADS, runnable -> {
      Thread thread = new Thread(runnable, "admin-http-" + threadNumber.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    SecurityFilter filter = new SecurityFilter(security.allowedOrigins());
    HttpContext root = server.createContext("/", this::serve);
    // The stream keeps its exchange open and checks its own tokens, so it bypasses serve(),
    // but not the filter.
    HttpContext stream = server.createContext("/api/events", dashboard.events());
    root.getFilters().add(filter);
    stream.getFilters().add(filter);
  }

  private static List<Routes.Resource> routes(Orchestrator orchestrator, HostMetrics metrics,
      BooleanSupplier listenerUp, DashboardAssets assets, HostDrain drain) {
    MapApi maps = new MapApi(orchestrator, metrics);
    FleetApi fleet = new FleetApi(orchestrator);
    OpsApi ops = new OpsApi(orchestrator, metrics, listenerUp, drain);
    MoveApi moves = new MoveApi(orchestrator);
    Routes routes = new Routes();
    if (drain != null) {
      DrainApi drains = new DrainApi(drain);
      routes.on("/api/host/drain", "POST", drains::start)
          .on("/api/host/drain", "GET", drains::status);
    }
    return routes
        .on("/healthz", "GET", ops::health)
        .on("/readyz", "GET", ops::ready)
        .on("/metrics", "GET", ops::metrics)
        .on("/api/map/create", "POST", maps::create)
        .on("/api/maps", "GET", maps::list)
        .on("/api/map/" + MAP_ID + "/retry", "POST", maps::retry)
        .on("/api/map/" + MAP_ID + "/history", "GET", maps::history)
        .on("/api/map/" + MAP_ID + "/move", "POST", moves::move)
        .on("/api/map/" + MAP_ID, "GET", maps::get)
        .on("/api/map/" + MAP_ID, "DELETE", maps::delete)
        .on("/api/result", "POST", maps::result)
        .on("/api/servers", "GET", fleet::list)
        .on("/api/server/" + MAP_ID + "/drain", "POST", fleet::drain)
        .on("/api/server/" + MAP_ID + "/evacuate", "POST", moves::evacuate)
        .on("/api/server/" + MAP_ID, "GET", fleet::get)
        .on("/api/command", "POST", fleet::command)
        .on("/api/queue", "GET", fleet::queue)
        .on("/", "GET", call -> asset(assets, "index.html"))
        .on("/dashboard/([a-z]+\\.(?:css|js))", "GET", call -> asset(assets, call.pathParam(0)))
        .build();
  }

  private static ApiResponse asset(DashboardAssets assets, String name) {
    DashboardAssets.Asset asset = assets.find(name).orElseThrow(
        () -> ApiException.notFound("not_found", "no dashboard file " + name));
    return new ApiResponse(200, asset.contentType(), asset.body());
  }

  /** Starts answering. */
  public void start() {
    dashboard.start();
    server.start();
  }

  /** The bound port. */
  public int boundPort() {
    return server.getAddress().getPort();
  }

  /** Stops answering; calls in progress get up to a second to finish. */
  public void stop() {
    dashboard.close();
    server.stop(1);
    executor.shutdownNow();
  }

  private void serve(HttpExchange exchange) {
    ApiResponse response;
    try {
      response = dispatch(exchange);
    } catch (ApiException e) {
      response = ApiResponse.error(e.status(), e.code(), e.getMessage(), e.field());
    } catch (RuntimeException e) {
      response = fromCore(e, exchange);
    }
    write(exchange, response);
  }

  private ApiResponse dispatch(HttpExchange exchange) {
    String path = exchange.getRequestURI().getPath();
    String normalized = path.length() > 1 && path.endsWith("/")
        ? path.substring(0, path.length() - 1) : path;
    if (normalized.startsWith("/api/") && adminToken.isEnabled()
        && !adminToken.accepts(
            TokenCheck.bearer(exchange.getRequestHeaders().getFirst("Authorization")))) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
      throw new ApiException(401, "unauthorized",
          "send the admin token as Authorization: Bearer <token>", null);
    }
    for (Routes.Resource resource : resources) {
      Matcher m = resource.pattern().matcher(normalized);
      if (m.matches()) {
        Routes.Handler handler = resource.handlers().get(exchange.getRequestMethod());
        if (handler == null) {
          exchange.getResponseHeaders().set("Allow", String.join(", ",
              resource.handlers().keySet()));
          throw new ApiException(405, "method_not_allowed", exchange.getRequestMethod()
              + " is not allowed on " + path + "; use " + resource.handlers().keySet(), null);
        }
        List<String> params = new ArrayList<>();
        for (int i = 1; i <= m.groupCount(); i++) {
          params.add(m.group(i));
        }
        return handler.handle(new HttpCall(exchange, params));
      }
    }
    throw ApiException.notFound("not_found", "no endpoint " + path);
  }

  private static ApiResponse fromCore(RuntimeException e, HttpExchange exchange) {
    if (e instanceof MapExistsException) {
      return ApiResponse.error(409, "map_exists", e.getMessage(), "map_id");
    } else if (e instanceof MapNotFoundException) {
      return ApiResponse.error(404, "map_not_found", e.getMessage(), null);
    } else if (e instanceof ServerNotFoundException) {
      return ApiResponse.error(404, "server_not_found", e.getMessage(), null);
    } else if (e instanceof ServerNotConnectedException) {
      return ApiResponse.error(409, "server_not_connected", e.getMessage(), null);
    } else if (e instanceof MoveRejectedException rejected) {
      return ApiResponse.error(409, rejected.reason().wireName(), e.getMessage(),
          rejected.field());
    } else if (e instanceof IllegalTransitionException) {
      return ApiResponse.error(409, "illegal_transition", e.getMessage(), null);
    } else if (e instanceof StoreUnavailableException) {
      return ApiResponse.error(503, "store_unavailable", e.getMessage(), null);
    } else if (e instanceof IllegalArgumentException) {
      return ApiResponse.error(400, "invalid_field", e.getMessage(), fieldOf(e.getMessage()));
    }
    log.error("admin call {} {} failed", exchange.getRequestMethod(),
        exchange.getRequestURI().getPath(), e);
    return ApiResponse.error(500, "internal_error", "the host failed to answer; see its log",
        null);
  }

  /** The core's validation messages start with the wire name of the field. */
  private static String fieldOf(String message) {
    Matcher m = Pattern.compile("^([a-z][a-z_]*)\\b").matcher(message == null ? "" : message);
    return m.find() ? m.group(1) : null;
  }

  private static void write(HttpExchange exchange, ApiResponse response) {
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Type", response.contentType());
    try (exchange; OutputStream out = exchange.getResponseBody()) {
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length);
      if (!head) {
        out.write(response.body());
      }
    } catch (IOException e) {
      log.debug("client went away before the response was written", e);
    }
  }
}
