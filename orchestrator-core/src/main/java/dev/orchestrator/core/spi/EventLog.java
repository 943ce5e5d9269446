package dev.orchestrator.core.spi;

import dev.orchestrator.core.model.OrchestratorEvent;
import java.util.List;

/**
 * An ordered, capped log of the orchestrator's events that every host sharing a store appends
 * to and reads, so an event caused on one host is seen on all of them under one id. A host
 * appends its engine's events in batches from a background thread (never from the engine's
 * own threads) and follows the log to feed its event streams; a reader that resumes on another
 * host with the last id it saw continues without a gap, as long as the log still holds that
 * position.
 *
 * <p>The contract (checked by the store contract kit): ids increase in the order events
 * become readable, on every client of the store, so a reader that has seen id {@code n} never
 * later finds an event numbered below {@code n}; each batch keeps its order; the newest
 * {@link #capacity()} events at least are kept; a reader further behind than the log holds,
 * or holding an id the log never handed out, is told to reset.
 *
 * <p>Offered by {@link OrchestratorStore#eventLog()}. Implementations are thread-safe; the
 * store that offers one owns it and releases it when the store closes. Methods that reach a
 * backing service may throw {@link dev.orchestrator.core.StoreUnavailableException}; a failed
 * append may or may not have been applied as a whole, never in part.
 */
public interface EventLog {

  /**
   * Appends {@code events} in order, each numbered after every event appended before it by
   * any client. Appending nothing does nothing.
   *
   * @param afterLoss whether the caller lost events just before this batch; the first event
   *     of the batch is then marked {@link LoggedEvent#afterLoss()}
   */
  void append(List<OrchestratorEvent> events, boolean afterLoss);

  /**
   * Up to {@code max} events with an id above {@code afterId}, oldest first. With {@code max}
   * 0 it only reports the log's bounds, which is how a new reader learns where to start.
   *
   * @throws IllegalArgumentException if {@code max} is negative
   */
  EventPage read(long afterId, int max);

  /**
   * Calls {@code wakeUp} after events were appended, by this client or another one. Calls
   * may be merged, and may be missed while a connection to the backing service is down, so a
   * reader also reads on a slow timer. {@code wakeUp} runs on a store thread and must return
   * quickly.
   */
  OrchestratorStore.Subscription onAppend(Runnable wakeUp);

  /** How many of the newest events the log keeps at least. */
  int capacity();

  /**
   * How many stored events this client skipped because their type is unknown to this version
   * (see {@link dev.orchestrator.core.model.EventType#ofStoredName}), counted each time one is
   * read. Such events are left out of {@link #read} pages, which still hold {@code max} events
   * when that many readable ones follow, so a reader never stalls on them. A log that keeps
   * events as objects never skips any and need not override this.
   */
  default long unknownTypesSkipped() {
    return 0;
  }
}
