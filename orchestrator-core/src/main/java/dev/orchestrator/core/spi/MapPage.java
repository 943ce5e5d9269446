package dev.orchestrator.core.spi;

import dev.orchestrator.core.model.GameMap;
import java.util.List;

/**
 * One page of maps.
 *
 * @param maps the maps, ordered by id
 * @param nextCursor pass as {@code afterMapId} for the next page, or {@code null} at the end
 */
public record MapPage(List<GameMap> maps, String nextCursor) {

  /** Copies. */
  public MapPage {
    maps = List.copyOf(maps);
  }
}
