package dev.orchestrator.jdbc;

import dev.orchestrator.core.model.ServerCommand;
import dev.orchestrator.core.spi.StoreListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts what a store delivers to one subscriber. */
final class RecordingListener implements StoreListener {
  final AtomicInteger mapsChanged = new AtomicInteger();
  final AtomicInteger resumed = new AtomicInteger();
  final List<String> commands = new CopyOnWriteArrayList<>();

  @Override
  public void mapsChanged() {
    mapsChanged.incrementAndGet();
  }

  @Override
  public void commandRouted(String serverId, ServerCommand command) {
    commands.add(serverId + ":" + command.commandId() + ":" + command.params());
  }

  @Override
  public void signalsResumed() {
    resumed.incrementAndGet();
  }
}
