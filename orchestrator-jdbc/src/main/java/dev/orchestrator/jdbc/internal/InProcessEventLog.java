package dev.orchestrator.jdbc.internal;

import dev.orchestrator.core.memory.InMemoryEventLog;
import dev.orchestrator.core.model.OrchestratorEvent;
import dev.orchestrator.core.spi.EventLog;
import dev.orchestrator.core.spi.EventPage;
import dev.orchestrator.core.spi.OrchestratorStore.Subscription;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The event log of an H2 store: an {@link InMemoryEventLog} shared by the store instances in
 * this JVM on one database, as {@link InProcessSignalBus} shares signals, and dropped when the
 * last of them closes. An embedded H2 database serves one host, so nothing needs to reach
 * other processes, and events need not outlive the process: ids start at the time the log was
 * created, so a reader that resumes with an id of an earlier run is told to reset.
 */
public final class InProcessEventLog implements EventLog, AutoCloseable {
  private static final Map<String, Group> GROUPS = new HashMap<>();

  private final String databaseKey;
  private final InMemoryEventLog shared;
  private boolean closed;

  /** Joins the log of {@code databaseKey}, creating it if this is the first instance. */
  public InProcessEventLog(String databaseKey) {
    this.databaseKey = databaseKey;
    synchronized (GROUPS) {
      Group group = GROUPS.computeIfAbsent(databaseKey,
          k -> new Group(InMemoryEventLog.startingNow()));
      group.members++;
      this.shared = group.log;
    }
  }

  @Override
  public void append(List<OrchestratorEvent> events, boolean afterLoss) {
    shared.append(events, afterLoss);
  }

  @Override
  public EventPage read(long afterId, int max) {
    return shared.read(afterId, max);
  }

  @Override
  public Subscription onAppend(Runnable wakeUp) {
    return shared.onAppend(wakeUp);
  }

  @Override
  public int capacity() {
    return shared.capacity();
  }

  /** Leaves the group; the last member to leave drops the log. Idempotent. */
  @Override
  public void close() {
    synchronized (GROUPS) {
      if (closed) {
        return;
      }
      closed = true;
      Group group = GROUPS.get(databaseKey);
      if (group != null && --group.members == 0) {
        GROUPS.remove(databaseKey);
      }
    }
  }

  private static final class Group {
    final InMemoryEventLog log;
    int members;

    Group(InMemoryEventLog log) {
      this.log = log;
    }
  }
}
