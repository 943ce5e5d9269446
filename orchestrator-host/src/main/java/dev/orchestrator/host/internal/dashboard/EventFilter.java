package dev.orchestrator.host.internal.dashboard;

import dev.orchestrator.core.model.EventType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What one subscriber watches: events of one map, of one server, of some types, or a
 * combination (all given conditions must hold). No condition: every event.
 *
 * @param mapId only events about this map, or null for any
 * @param serverId only events about this server, or null for any
 * @param types only events of these wire names, or empty for any
 */
record EventFilter(String mapId, String serverId, Set<String> types) {
  static final EventFilter ALL = new EventFilter(null, null, Set.of());
  private static final Set<String> KNOWN = Arrays.stream(EventType.values())
      .map(EventType::wireName).collect(Collectors.toCollection(TreeSet::new));
  private static final int MAX_ID = 128;

  EventFilter {
    types = Set.copyOf(types);
  }

  /**
   * The filter of a subscription's query parameters ({@code map_id}, {@code server_id}, and
   * {@code type} repeated or comma-separated).
   *
   * @throws BadParameter naming the parameter that is wrong
   */
  static EventFilter parse(Map<String, List<String>> query) {
    String mapId = single(query, "map_id");
    String serverId = single(query, "server_id");
    List<String> types = new ArrayList<>();
    for (String value : query.getOrDefault("type", List.of())) {
      for (String part : value.split(",", -1)) {
        String type = part.trim().toLowerCase(Locale.ROOT);
        if (!KNOWN.contains(type)) {
          throw new BadParameter("type", "type '" + part + "' is not an event type; use one of "
              + String.join(", ", KNOWN));
        }
        types.add(type);
      }
    }
    return new EventFilter(mapId, serverId, Set.copyOf(types));
  }

  private static String single(Map<String, List<String>> query, String name) {
    List<String> values = query.getOrDefault(name, List.of());
    if (values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw new BadParameter(name, name + " may be given once, got " + values.size());
    }
    String value = values.get(0);
    if (value.isEmpty() || value.length() > MAX_ID) {
      throw new BadParameter(name, name + " must be 1-" + MAX_ID + " characters, got "
          + value.length());
    }
    return value;
  }

  boolean matches(StreamEvent event) {
    return (mapId == null || mapId.equals(event.mapId()))
        && (serverId == null || serverId.equals(event.serverId()))
        && (types.isEmpty() || types.contains(event.type()));
  }

  /** A query parameter with a bad value. */
  static final class BadParameter extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String parameter;

    BadParameter(String parameter, String message) {
      super(message);
      this.parameter = parameter;
    }
  }
}
