package dev.orchestrator.host.internal.dashboard;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The subscribers, indexed by what they filter on, so an event is tested only against the
 * subscribers that can want it: those watching its map, those watching its server, and those
 * watching neither (all events, or some types). A subscriber that names a map is indexed
 * under the map only. Thread-safe; the journal calls {@link #forEachMatch} under its lock.
 */
final class SubscriberIndex {
  private final Map<String, Set<Subscriber>> byMap = new ConcurrentHashMap<>();
  private final Map<String, Set<Subscriber>> byServer = new ConcurrentHashMap<>();
  private final Set<Subscriber> unkeyed = ConcurrentHashMap.newKeySet();
  private final Set<Subscriber> all = ConcurrentHashMap.newKeySet();

  void add(Subscriber subscriber) {
    all.add(subscriber);
    EventFilter filter = subscriber.filter;
    if (filter.mapId() != null) {
      byMap.computeIfAbsent(filter.mapId(), k -> ConcurrentHashMap.newKeySet()).add(subscriber);
    } else if (filter.serverId() != null) {
      byServer.computeIfAbsent(filter.serverId(), k -> ConcurrentHashMap.newKeySet())
          .add(subscriber);
    } else {
      unkeyed.add(subscriber);
    }
  }

  void remove(Subscriber subscriber) {
    if (!all.remove(subscriber)) {
      return;
    }
    EventFilter filter = subscriber.filter;
    if (filter.mapId() != null) {
      byMap.computeIfPresent(filter.mapId(), (k, set) -> set.remove(subscriber) && set.isEmpty()
          ? null : set);
    } else if (filter.serverId() != null) {
      byServer.computeIfPresent(filter.serverId(), (k, set) -> set.remove(subscriber)
          && set.isEmpty() ? null : set);
    } else {
      unkeyed.remove(subscriber);
    }
  }

  /** Calls {@code action} for every subscriber whose filter lets {@code event} through. */
  void forEachMatch(StreamEvent event, Consumer<Subscriber> action) {
    if (event.mapId() != null) {
      visit(byMap.get(event.mapId()), event, action);
    }
    if (event.serverId() != null) {
      visit(byServer.get(event.serverId()), event, action);
    }
    visit(unkeyed, event, action);
  }

  private static void visit(Set<Subscriber> candidates, StreamEvent event,
      Consumer<Subscriber> action) {
    if (candidates == null) {
      return;
    }
    for (Subscriber subscriber : candidates) {
      if (subscriber.filter.matches(event)) {
        action.accept(subscriber);
      }
    }
  }

  Set<Subscriber> all() {
    return all;
  }

  int size() {
    return all.size();
  }
}
