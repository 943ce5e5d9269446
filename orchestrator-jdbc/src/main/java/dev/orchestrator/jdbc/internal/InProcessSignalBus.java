package dev.orchestrator.jdbc.internal;

import dev.orchestrator.core.model.ServerCommand;
import dev.orchestrator.core.spi.OrchestratorStore.Subscription;
import dev.orchestrator.core.spi.StoreListener;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Signals between store instances in one JVM that share one database (H2). Instances are grouped by
 * a key naming the database, so two stores on one H2 file or one named in-memory database hear each
 * other, as two hosts on one PostgreSQL do. Other processes are not reached; an embedded H2
 * database serves one host.
 */
public final class InProcessSignalBus implements SignalBus {
  private static final ConcurrentHashMap<String, Set<InProcessSignalBus>> GROUPS =
      new ConcurrentHashMap<>();

  private final String databaseKey;
  private final Subscribers subscribers = new Subscribers();

  /** Joins the group of {@code databaseKey}. */
  public InProcessSignalBus(String databaseKey) {
    this.databaseKey = databaseKey;
    GROUPS.computeIfAbsent(databaseKey, k -> new CopyOnWriteArraySet<>()).add(this);
  }

  @Override
  public Subscription subscribe(StoreListener listener) {
    return subscribers.add(listener);
  }

  @Override
  public void mapsChanged() {
    for (InProcessSignalBus bus : group()) {
      bus.subscribers.mapsChanged();
    }
  }

  @Override
  public void routeCommand(String serverId, ServerCommand command) {
    for (InProcessSignalBus bus : group()) {
      bus.subscribers.commandRouted(serverId, command);
    }
  }

  @Override
  public void close() {
    subscribers.clear();
    GROUPS.computeIfPresent(
        databaseKey,
        (k, members) -> {
          members.remove(this);
          return members.isEmpty() ? null : members;
        });
  }

  private Set<InProcessSignalBus> group() {
    return GROUPS.getOrDefault(databaseKey, Set.of(this));
  }
}
