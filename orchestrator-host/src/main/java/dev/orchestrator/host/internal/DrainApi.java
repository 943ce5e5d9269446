package dev.orchestrator.host.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.host.DrainStatus;
import java.time.Duration;
import picocli.CommandLine.TypeConversionException;

/** {@code /api/host/drain/}: begins a drain (POST) and shows where it stands (GET). */
final class DrainApi {
  private final HostDrain drain;

  DrainApi(HostDrain drain) {
    this.drain = drain;
  }

  /** Body (optional): {@code reconnect_url} ({@code ws://HOST:PORT}), {@code timeout} ("30s"). */
  ApiResponse start(HttpCall call) {
    JsonFields body = call.body();
    String url = body.optionalText("reconnect_url", false);
    String timeoutText = body.optionalText("timeout", false);
    if (url != null) {
      try {
        url = BaseUrls.reconnectUrl("reconnect_url", url);
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid("reconnect_url", e.getMessage());
      }
    }
    Duration timeout = null;
    if (timeoutText != null) {
      try {
        timeout = HostDrain.checkTimeout("timeout",
            new CliConverters.DurationConverter().convert(timeoutText));
      } catch (TypeConversionException | IllegalArgumentException e) {
        throw ApiException.invalid("timeout", e instanceof TypeConversionException
            ? "timeout " + e.getMessage() : e.getMessage());
      }
    }
    return ApiResponse.json(202, view(drain.start(url, timeout)));
  }

  ApiResponse status(HttpCall call) {
    return ApiResponse.json(200, view(drain.status()));
  }

  static ObjectNode view(DrainStatus status) {
    ObjectNode node = Views.MAPPER.createObjectNode().put("draining", status.draining());
    if (status.draining()) {
      node.put("started_at", status.startedAt().toString())
          .put("timeout_ms", status.timeout().toMillis())
          .put("reconnect_url", status.reconnectUrl())
          .put("sessions_told", status.sessionsTold());
    }
    return node.put("sessions_left", status.sessionsLeft());
  }
}
