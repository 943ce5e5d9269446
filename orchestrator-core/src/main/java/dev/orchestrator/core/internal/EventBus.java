package dev.orchestrator.core.internal;

import dev.orchestrator.core.EventListener;
import dev.orchestrator.core.model.EventType;
import dev.orchestrator.core.model.OrchestratorEvent;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands every event to every listener, on the publishing thread. */
final class EventBus {
  private static final Logger log = LoggerFactory.getLogger(EventBus.class);
  private final List<EventListener> listeners = new CopyOnWriteArrayList<>();
  private final Clock clock;

  EventBus(Clock clock, List<EventListener> initial) {
    this.clock = clock;
    listeners.addAll(initial);
  }

  AutoCloseable subscribe(EventListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  void publish(
      EventType type,
      String mapId,
      String serverId,
      String jobId,
      long mapVersion,
      Map<String, String> details) {
    if (listeners.isEmpty()) {
      return;
    }
    OrchestratorEvent event =
        new OrchestratorEvent(type, clock.instant(), mapId, serverId, jobId, mapVersion, details);
    for (EventListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        log.warn("event listener {} failed on {}", listener, type, e);
      }
    }
  }

  void serverEvent(EventType type, String serverId, Map<String, String> details) {
    publish(type, null, serverId, null, 0, details);
  }
}
