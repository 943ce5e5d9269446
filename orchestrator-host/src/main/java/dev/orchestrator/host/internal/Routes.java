package dev.orchestrator.host.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The admin API's route table: path patterns, each with a handler per method. */
final class Routes {
  private final Map<String, Map<String, Handler>> byPath = new LinkedHashMap<>();

  /** Answers one call. */
  @FunctionalInterface
  interface Handler {
    ApiResponse handle(HttpCall call);
  }

  /** A path pattern and its handlers by method; the first resource that matches wins. */
  record Resource(Pattern pattern, Map<String, Handler> handlers) { }

  Routes on(String pathRegex, String method, Handler handler) {
    byPath.computeIfAbsent(pathRegex, p -> new LinkedHashMap<>()).put(method, handler);
    return this;
  }

  List<Resource> build() {
    List<Resource> resources = new ArrayList<>();
    byPath.forEach((path, handlers) ->
        resources.add(new Resource(Pattern.compile(path), Map.copyOf(handlers))));
    return List.copyOf(resources);
  }
}
