package dev.orchestrator.core.spi;

import dev.orchestrator.core.model.MapStatus;

/**
 * A page of the map list, ordered by map id.
 *
 * @param status only maps in this state, or {@code null} for all
 * @param seasonId only maps of this season, or {@code null} for all
 * @param afterMapId the cursor: maps whose id sorts after this one, or {@code null} from the
 *     start
 * @param limit the page size, 1 to 1000
 */
public record MapQuery(MapStatus status, String seasonId, String afterMapId, int limit) {

  /** The largest page a store returns. */
  public static final int MAX_LIMIT = 1000;

  /** Validates. */
  public MapQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", got " + limit);
    }
  }

  /** All maps, first page of {@code limit}. */
  public static MapQuery all(int limit) {
    return new MapQuery(null, null, null, limit);
  }
}
