package dev.orchestrator.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.core.testing.SettableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The database clock against a fake database time. */
class DatabaseClockTest {
  private static final Instant JVM_NOW = Instant.parse("2030-01-01T00:00:00Z");

  private final SettableClock jvm = new SettableClock(JVM_NOW);
  private final AtomicReference<Duration> databaseAhead = new AtomicReference<>(Duration.ZERO);
  private final DatabaseClock clock =
      new DatabaseClock(jvm, () -> jvm.instant().plus(databaseAhead.get()));

  @Test
  void shouldFollowTheDatabaseClockWhenTheJvmClockIsSkewed() {
    // Given the database's clock runs 90 s ahead of this JVM's
    databaseAhead.set(Duration.ofSeconds(90));

    // When the clock samples it
    clock.resync();

    // Then it reads database time, and keeps doing so as the JVM clock moves
    assertThat(clock.offset()).isEqualTo(Duration.ofSeconds(90));
    assertThat(clock.instant()).isEqualTo(JVM_NOW.plusSeconds(90));
    jvm.advance(Duration.ofSeconds(10));
    assertThat(clock.instant()).isEqualTo(JVM_NOW.plusSeconds(100));
  }

  @Test
  void shouldFollowADatabaseClockThatIsBehind() {
    databaseAhead.set(Duration.ofMillis(-2500));

    clock.resync();

    assertThat(clock.instant()).isEqualTo(JVM_NOW.minusMillis(2500));
  }

  @Test
  void shouldKeepTheLastOffsetWhenTheDatabaseCannotBeSampled() {
    databaseAhead.set(Duration.ofSeconds(5));
    clock.resync();
    DatabaseClock failing =
        new DatabaseClock(
            jvm,
            () -> {
              throw new IllegalStateException("database down");
            });

    assertThatThrownBy(failing::resync).hasMessage("database down");
    assertThat(failing.offset()).isZero();
    assertThat(clock.offset()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void shouldShareTheOffsetWithItsCopyInAnotherZone() {
    DatabaseClock utc =
        new DatabaseClock(
            Clock.fixed(JVM_NOW, ZoneOffset.UTC), () -> JVM_NOW.plus(databaseAhead.get()));
    Clock paris = utc.withZone(ZoneId.of("Europe/Paris"));
    databaseAhead.set(Duration.ofSeconds(30));

    utc.resync();

    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(paris.instant()).isEqualTo(JVM_NOW.plusSeconds(30));
  }
}
