package dev.orchestrator.core.internal.policy;

import java.util.Comparator;

/** Orders servers during one policy run; the best server sorts first. */
public enum SlotRanking {
  FIRST_FREE(Comparator.comparingInt(Slot::index)),
  LEAST_LOADED(
      Comparator.comparingDouble(Slot::usedShare)
          .thenComparingDouble(Slot::resourceLoad)
          .thenComparingInt(Slot::index)),
  PACKED(
      Comparator.comparingDouble(Slot::usedShare).reversed().thenComparingInt(Slot::index)),
  SPREAD(Comparator.comparingDouble(Slot::usedShare).thenComparingInt(Slot::index));

  private final Comparator<Slot> order;

  SlotRanking(Comparator<Slot> order) {
    this.order = order;
  }

  Comparator<Slot> order() {
    return order;
  }
}
