package dev.orchestrator.jdbc.internal;

import dev.orchestrator.core.spi.OrchestratorStore.Subscription;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The readers an event log wakes after appends. One that throws does not stop the others. */
public final class WakeUps {
  private static final Logger LOG = LoggerFactory.getLogger(WakeUps.class);

  private final List<Runnable> readers = new CopyOnWriteArrayList<>();

  /** Adds a reader until the subscription is closed. */
  public Subscription add(Runnable reader) {
    readers.add(reader);
    return () -> readers.remove(reader);
  }

  /** Wakes every reader on the calling thread. */
  public void run() {
    for (Runnable reader : readers) {
      try {
        reader.run();
      } catch (RuntimeException e) {
        LOG.warn("event log reader {} failed on a wake-up", reader, e);
      }
    }
  }
}
