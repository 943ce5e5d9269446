package dev.orchestrator.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.core.model.ServerCommand;
import dev.orchestrator.core.spi.StoreListener;
import io.lettuce.core.KillArgs;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Signals between two stores (two hosts) on one prefix, over Redis pub/sub. */
class RedisSignalsTest {
  private static final String PREFIX = "test-signals";

  @RegisterExtension
  static final RedisTestSupport redis = new RedisTestSupport(PREFIX);
  private RedisStore here;
  private RedisStore there;

  @BeforeEach
  void openStores() {
    here = RedisTestSupport.builder(PREFIX).build();
    there = RedisTestSupport.builder(PREFIX).build();
  }

  @AfterEach
  void closeStores() {
    here.close();
    there.close();
  }

  @Test
  void shouldDeliverSignalsLocallyAndToTheOtherHostOnce() {
    // Given a listener on each host
    Recorder local = new Recorder();
    Recorder remote = new Recorder();
    here.subscribe(local);
    there.subscribe(remote);

    // When one host routes a command
    here.routeCommand("srv-1", new ServerCommand("c-1", "drain", "{}"));

    // Then both hear it, and the sender does not hear its own echo a second time
    await().atMost(Duration.ofSeconds(5)).until(() -> remote.commands.size() == 1);
    assertThat(local.commands).containsExactly("srv-1:drain");
    assertThat(remote.commands).containsExactly("srv-1:drain");
  }

  @Test
  void shouldCoalesceBurstsOfMapsChangedIntoFewPublishes() {
    // Given a listener on the other host
    Recorder remote = new Recorder();
    there.subscribe(remote);

    // When one host signals a thousand times in a burst
    long start = System.nanoTime();
    for (int i = 0; i < 1000; i++) {
      here.signalMapsChanged();
    }
    long burstMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();

    // Then the other host hears the first signal at once and one trailing signal per window
    await().atMost(Duration.ofSeconds(5)).until(() -> remote.changes.get() >= 2);
    assertThat(remote.changes.get()).isLessThanOrEqualTo((int) (burstMillis / 20) + 2);
  }

  @Test
  void shouldResubscribeAfterPubSubConnectionIsKilledAndAskListenersToRecheck() {
    // Given a listener on the other host
    Recorder remote = new Recorder();
    there.subscribe(remote);

    // When Redis kills every pub/sub connection
    long killed = redis.redis().clientKill(KillArgs.Builder.typePubsub());
    assertThat(killed).isGreaterThanOrEqualTo(2);

    // Then the listener is told to re-check once the subscription is back
    await().atMost(Duration.ofSeconds(10)).until(() -> remote.resumed.get() >= 1);

    // And signals flow again
    here.signalMapsChanged();
    await().atMost(Duration.ofSeconds(5)).until(() -> remote.changes.get() >= 1);
  }

  private static final class Recorder implements StoreListener {
    final AtomicInteger changes = new AtomicInteger();
    final AtomicInteger resumed = new AtomicInteger();
    final List<String> commands = new CopyOnWriteArrayList<>();

    @Override
    public void mapsChanged() {
      changes.incrementAndGet();
    }

    @Override
    public void commandRouted(String serverId, ServerCommand command) {
      commands.add(serverId + ":" + command.action());
    }

    @Override
    public void signalsResumed() {
      resumed.incrementAndGet();
    }
  }
}
