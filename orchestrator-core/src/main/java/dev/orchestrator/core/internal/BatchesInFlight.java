package dev.orchestrator.core.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The job cycle batches whose store call is under way, and the servers their claims may lease
 * to. With two in flight (the store's {@code cyclesInFlight}) the store and the assignment lane work at once: while one batch is in
 * the store, the lane books the other's results or plans the next. A server offered to the
 * claims of one batch in flight is offered to no other until it lands, so no server is ever
 * offered to two claims at once (it could end up with more leases than its capacity).
 *
 * <p>Used by the assignment lane only, which plans and lands every batch; not thread-safe.
 */
final class BatchesInFlight {
  private final int max;
  private int count;
  private final Set<AttachedServer> offered = new HashSet<>();
  private final List<Runnable> whenLanded = new ArrayList<>();

  /** At most {@code max} batches (at least one) in the store at once. */
  BatchesInFlight(int max) {
    this.max = Math.max(1, max);
  }

  boolean any() {
    return count > 0;
  }

  boolean hasRoom() {
    return count < max;
  }

  /** Whether {@code server} is offered to the claims of a batch in flight. */
  boolean offers(AttachedServer server) {
    return offered.contains(server);
  }

  void started(Collection<AttachedServer> servers) {
    count++;
    offered.addAll(servers);
  }

  /** A batch landed; returns the tasks that waited for every batch to land, if none is left. */
  List<Runnable> ended(Collection<AttachedServer> servers) {
    count--;
    offered.removeAll(servers);
    if (count > 0 || whenLanded.isEmpty()) {
      return List.of();
    }
    List<Runnable> tasks = new ArrayList<>(whenLanded);
    whenLanded.clear();
    return tasks;
  }

  /** Runs {@code task} now if no batch is in flight, else once all have landed. */
  void afterLanding(Runnable task) {
    if (count == 0) {
      task.run();
    } else {
      whenLanded.add(task);
    }
  }
}
