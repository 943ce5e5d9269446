package dev.orchestrator.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The liveness rule on virtual time: ping after one interval, drop after three, at least 3 s. */
class ConnectionLivenessTest {
  private static final Duration HEARTBEAT = Duration.ofSeconds(2);

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final Recorder actions = new Recorder();
  private final ConnectionLiveness<String> liveness =
      new ConnectionLiveness<>(HEARTBEAT, now::get, actions);

  @Test
  void shouldDropAfterThreeIntervalsOrThreeSecondsWhicheverIsLonger() {
    assertThat(ConnectionLiveness.dropAfter(Duration.ofSeconds(5))).hasSeconds(15);
    assertThat(ConnectionLiveness.dropAfter(Duration.ofMillis(200))).hasSeconds(3);
    assertThat(ConnectionLiveness.sweepEvery(Duration.ofSeconds(5))).hasSeconds(1);
    assertThat(ConnectionLiveness.sweepEvery(Duration.ofMillis(100))).hasMillis(100);
  }

  @Test
  void shouldPingASilentConnectionOncePerIntervalAndDropItAfterThreeIntervals() {
    liveness.opened("a");

    advance(Duration.ofMillis(1_999));
    liveness.sweep();
    assertThat(actions.pinged).isEmpty();

    advance(Duration.ofMillis(1));
    liveness.sweep();
    liveness.sweep();
    assertThat(actions.pinged).containsExactly("a");

    advance(Duration.ofMillis(3_999));
    liveness.sweep();
    assertThat(actions.pinged).containsExactly("a", "a");
    assertThat(actions.dropped).isEmpty();

    advance(Duration.ofMillis(1));
    liveness.sweep();
    assertThat(actions.dropped).containsExactly("a");
    assertThat(actions.ended).containsExactly("a:" + ConnectionLiveness.SILENT);
    assertThat(liveness.tracked()).isZero();
  }

  @Test
  void shouldKeepAConnectionThatAnswersAnything() {
    liveness.opened("a");
    for (int i = 0; i < 10; i++) {
      advance(Duration.ofMillis(2_500));
      liveness.sweep();
      liveness.heard("a");
    }
    assertThat(actions.dropped).isEmpty();
    assertThat(actions.pinged).hasSize(10);
    assertThat(liveness.tracked()).isOne();
  }

  @Test
  void shouldEndAConnectionWhoseSocketIsGoneOneSweepLaterWithoutClosingItAgain() {
    liveness.opened("ghost");
    liveness.opened("alive");
    actions.gone.add("ghost");

    liveness.sweep();
    assertThat(actions.ended).as("a close in progress gets one sweep to be reported").isEmpty();
    liveness.sweep();

    assertThat(actions.ended).containsExactly("ghost:" + ConnectionLiveness.SOCKET_GONE);
    assertThat(actions.dropped).isEmpty();
    assertThat(liveness.tracked()).isOne();
  }

  @Test
  void shouldGoOnWithTheOtherConnectionsWhenOneThrows() {
    liveness.opened("a");
    liveness.opened("b");
    liveness.opened("c");
    actions.throwOnPing.add("b");

    advance(Duration.ofSeconds(2));
    liveness.sweep();

    assertThat(actions.pinged).containsExactlyInAnyOrder("a", "c");
  }

  @Test
  void shouldEndAConnectionOnlyOnceWhenItsCloseWasReportedToo() {
    liveness.opened("a");
    assertThat(liveness.forget("a")).isTrue();

    advance(Duration.ofSeconds(10));
    liveness.sweep();

    assertThat(liveness.forget("a")).isFalse();
    assertThat(actions.ended).isEmpty();
  }

  private void advance(Duration by) {
    now.addAndGet(by.toNanos());
  }

  private static final class Recorder implements ConnectionLiveness.Actions<String> {
    final Set<String> gone = new HashSet<>();
    final Set<String> throwOnPing = new HashSet<>();
    final List<String> pinged = new ArrayList<>();
    final List<String> dropped = new ArrayList<>();
    final List<String> ended = new ArrayList<>();

    @Override
    public boolean gone(String connection) {
      return gone.contains(connection);
    }

    @Override
    public void ping(String connection) {
      if (throwOnPing.contains(connection)) {
        throw new IllegalStateException("closing");
      }
      pinged.add(connection);
    }

    @Override
    public void drop(String connection, String reason) {
      dropped.add(connection);
    }

    @Override
    public void ended(String connection, String cause) {
      ended.add(connection + ":" + cause);
    }
  }
}
