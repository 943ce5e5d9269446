package dev.orchestrator.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.core.testing.SettableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The store clock against a fake store time, with round trips played on a virtual clock. */
class StoreClockTest {
  private static final Instant JVM_NOW = Instant.parse("2030-01-01T00:00:00Z");

  private final SettableClock jvm = new SettableClock(JVM_NOW);
  private final AtomicReference<Duration> storeAhead = new AtomicReference<>(Duration.ZERO);
  private final StoreClock clock =
      new StoreClock(jvm, () -> jvm.instant().plus(storeAhead.get()));

  @Test
  void shouldFollowTheStoreClockWhenTheJvmClockIsSkewed() {
    // Given the store's clock runs 90 s ahead of this JVM's
    storeAhead.set(Duration.ofSeconds(90));

    // When the clock samples it
    clock.resync();

    // Then it reads store time, and keeps doing so as the JVM clock moves
    assertThat(clock.offset()).isEqualTo(Duration.ofSeconds(90));
    assertThat(clock.instant()).isEqualTo(JVM_NOW.plusSeconds(90));
    jvm.advance(Duration.ofSeconds(10));
    assertThat(clock.instant()).isEqualTo(JVM_NOW.plusSeconds(100));
  }

  @Test
  void shouldFollowAStoreClockThatIsBehind() {
    storeAhead.set(Duration.ofMillis(-2500));

    clock.resync();

    assertThat(clock.instant()).isEqualTo(JVM_NOW.minusMillis(2500));
  }

  @Test
  void shouldKeepTheSampleWithTheShortestRoundTrip() {
    // Given a store exactly 1 s ahead, whose first answers are slow on the way out (the call
    // waits 80 ms before the store reads its clock, then 0 ms back: the middle of that round
    // trip is 40 ms off) and whose third answer is quick (1 ms each way)
    Deque<long[]> delays = new ArrayDeque<>(List.of(
        new long[] {80, 0}, new long[] {60, 0}, new long[] {1, 1}, new long[] {0, 50},
        new long[] {30, 30}));
    StoreClock sampled = new StoreClock(jvm, () -> {
      long[] delay = delays.removeFirst();
      jvm.advance(Duration.ofMillis(delay[0]));
      Instant store = jvm.instant().plusSeconds(1);
      jvm.advance(Duration.ofMillis(delay[1]));
      return store;
    });

    // When it resyncs
    sampled.resync();

    // Then it took every sample and kept the quick one's offset, exact to the millisecond
    assertThat(delays).isEmpty();
    assertThat(sampled.offset()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void shouldKeepTheLastOffsetWhenTheStoreCannotBeSampled() {
    storeAhead.set(Duration.ofSeconds(5));
    clock.resync();
    StoreClock failing =
        new StoreClock(
            jvm,
            () -> {
              throw new IllegalStateException("store down");
            });

    assertThatThrownBy(failing::resync).hasMessage("store down");
    assertThat(failing.offset()).isZero();
    assertThat(clock.offset()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void shouldUseTheSamplesTakenBeforeTheStoreWentAway() {
    // Given a store 2 s ahead that answers twice and then fails
    int[] calls = {0};
    StoreClock flaky = new StoreClock(jvm, () -> {
      if (++calls[0] > 2) {
        throw new IllegalStateException("store down");
      }
      return jvm.instant().plusSeconds(2);
    });

    // When it resyncs, then the good samples count and the failure ends the resync
    flaky.resync();

    assertThat(flaky.offset()).isEqualTo(Duration.ofSeconds(2));
    assertThat(calls[0]).isEqualTo(3);
  }

  @Test
  void shouldShareTheOffsetWithItsCopyInAnotherZone() {
    StoreClock utc =
        new StoreClock(
            Clock.fixed(JVM_NOW, ZoneOffset.UTC), () -> JVM_NOW.plus(storeAhead.get()));
    Clock paris = utc.withZone(ZoneId.of("Europe/Paris"));
    storeAhead.set(Duration.ofSeconds(30));

    utc.resync();

    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(paris.instant()).isEqualTo(JVM_NOW.plusSeconds(30));
  }
}
