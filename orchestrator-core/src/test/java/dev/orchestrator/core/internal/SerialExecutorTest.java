package dev.orchestrator.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.core.testing.ManualScheduler;
import dev.orchestrator.core.testing.SettableClock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {
  private final ManualScheduler scheduler =
      new ManualScheduler(new SettableClock(Instant.parse("2030-01-01T00:00:00Z")));
  private final SerialExecutor executor = new SerialExecutor(scheduler);
  private final List<String> ran = new CopyOnWriteArrayList<>();

  @Test
  void shouldHoldLaterTasksWhileSuspendedAndRunTheResumingTaskFirst() {
    executor.execute(
        () -> {
          ran.add("first");
          executor.suspend();
        });
    executor.execute(() -> ran.add("second"));
    executor.execute(() -> ran.add("third"));

    assertThat(ran).containsExactly("first");
    executor.resume(() -> ran.add("reply"));
    assertThat(ran).containsExactly("first", "reply", "second", "third");
  }

  @Test
  void shouldGoOnWhenResumedBeforeTheSuspendingTaskReturns() {
    executor.execute(
        () -> {
          ran.add("first");
          executor.suspend();
          executor.resume(null);
        });
    executor.execute(() -> ran.add("second"));

    assertThat(ran).containsExactly("first", "second");
  }

  @Test
  void shouldRunATaskQueuedAfterResumeOnItsOwn() {
    executor.execute(executor::suspend);
    executor.resume(null);

    executor.execute(() -> ran.add("later"));

    assertThat(ran).containsExactly("later");
  }
}
