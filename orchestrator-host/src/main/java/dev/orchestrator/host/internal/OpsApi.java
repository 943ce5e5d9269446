package dev.orchestrator.host.internal;

import dev.orchestrator.core.Orchestrator;
import java.util.function.BooleanSupplier;

/** Liveness, readiness and metrics. */
final class OpsApi {
  private final Orchestrator orchestrator;
  private final HostMetrics metrics;
  private final BooleanSupplier listenerUp;
  private final HostDrain drain;

  /** With {@code drain} null, readiness does not look at draining. */
  OpsApi(Orchestrator orchestrator, HostMetrics metrics, BooleanSupplier listenerUp,
      HostDrain drain) {
    this.orchestrator = orchestrator;
    this.metrics = metrics;
    this.listenerUp = listenerUp;
    this.drain = drain;
  }

  ApiResponse health(HttpCall call) {
    return ApiResponse.json(200, Views.MAPPER.createObjectNode().put("status", "ok"));
  }

  ApiResponse ready(HttpCall call) {
    if (drain != null && drain.isDraining()) {
      // Before the listener check: a draining host refuses sessions on purpose.
      int left = drain.status().sessionsLeft();
      return ApiResponse.json(503, Views.MAPPER.createObjectNode().put("status", "draining")
          .put("reason", "the host is draining: " + left + " game-server sessions left")
          .put("sessions_left", left));
    }
    String reason = null;
    if (!listenerUp.getAsBoolean()) {
      reason = "the game-server WebSocket listener is not up";
    } else if (!orchestrator.isReady()) {
      reason = "the orchestrator is not running or its store is unreachable";
    }
    if (reason != null) {
      return ApiResponse.json(503,
          Views.MAPPER.createObjectNode().put("status", "not_ready").put("reason", reason));
    }
    return ApiResponse.json(200, Views.MAPPER.createObjectNode().put("status", "ready"));
  }

  ApiResponse metrics(HttpCall call) {
    return ApiResponse.text(200, PrometheusText.CONTENT_TYPE, metrics.scrape(orchestrator));
  }
}
