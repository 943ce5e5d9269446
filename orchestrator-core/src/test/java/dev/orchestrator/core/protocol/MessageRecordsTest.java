package dev.orchestrator.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MessageRecordsTest {
  private static final Instant DEADLINE = Instant.parse("2025-12-18T01:50:00Z");

  @Test
  void shouldCopyLabelsSoLaterChangesDoNotLeakIn() {
    Map<String, String> labels = new HashMap<>(Map.of("region", "eu"));
    Hello hello = new Hello(null, 1, labels, null);

    labels.put("region", "us");

    assertThat(hello.labels()).containsExactly(Map.entry("region", "eu"));
    assertThatThrownBy(() -> hello.labels().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void shouldDefaultNullCollectionsAndTextsToEmpty() {
    assertThat(new Hello(null, 1, null, null).labels()).isEmpty();
    assertThat(new Heartbeat(null, null, null, null).metrics()).isEmpty();
    assertThat(new JobFailed("m", null, null, true).message()).isEmpty();
    assertThat(new ErrorReport(null, null).message()).isEmpty();
    assertThat(new Disconnect(null).reason()).isEmpty();
    assertThat(new ProtocolError(ProtocolErrorCode.STALE_JOB, null, null, null).message())
        .isEmpty();
    assertThat(new Command("c", "drain", null).paramsJson()).isEqualTo("{}");
    assertThat(new AssignJob("j", "m", "s", 0, 0, 1, DEADLINE, null).mapConfigJson())
        .isEqualTo("{}");
  }

  @Test
  void shouldRejectNullLabelValueNamingTheField() {
    Map<String, String> labels = new HashMap<>();
    labels.put("region", null);

    assertThatThrownBy(() -> new Hello(null, 1, labels, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("labels");
  }

  @Test
  void shouldRejectNanAndInfiniteNumbers() {
    assertThatThrownBy(() -> new Heartbeat(Double.NaN, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cpu_usage must be a number from 0 to 100, got NaN");
    assertThatThrownBy(() -> new Heartbeat(null, null, null, Map.of("x", Double.POSITIVE_INFINITY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("metrics");
    assertThatThrownBy(() -> new Progress("m", null, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("percent");
  }

  @Test
  void shouldRejectInvalidIdsNamingTheWireField() {
    assertThatThrownBy(() -> new JobDone(null, null, null)).hasMessage("map_id must not be null");
    assertThatThrownBy(() -> new JobDone("m", null, "")).hasMessageStartingWith("job_id must be");
    assertThatThrownBy(() -> new AssignJob("j", "m", " ", 0, 0, 1, DEADLINE, null))
        .hasMessageStartingWith("season_id must be");
    assertThatThrownBy(() -> new Welcome(1, "", "s", 5, null)).hasMessageStartingWith("server_id");
    assertThatThrownBy(() -> new Welcome(1, "x".repeat(129), "s", 5, null))
        .hasMessageStartingWith("server_id");
    assertThatThrownBy(() -> new Command("c", "", null)).hasMessageStartingWith("action");
  }

  @Test
  void shouldRejectOutOfRangeNumbersNamingTheWireField() {
    assertThatThrownBy(() -> new AssignJob("j", "m", "s", -1, 0, 1, DEADLINE, null))
        .hasMessage("round_id must be an integer of at least 0, got -1");
    assertThatThrownBy(() -> new AssignJob("j", "m", "s", 0, -1, 1, DEADLINE, null))
        .hasMessageStartingWith("current_round_number");
    assertThatThrownBy(() -> new AssignJob("j", "m", "s", 0, 0, 0, DEADLINE, null))
        .hasMessageStartingWith("attempt");
    assertThatThrownBy(() -> new AssignJob("j", "m", "s", 0, 0, 1, null, null))
        .hasMessage("deadline must not be null");
    assertThatThrownBy(() -> new Welcome(0, "u", "s", 5, null)).hasMessageStartingWith("protocol");
    assertThatThrownBy(() -> new Welcome(1, "u", "s", 0, null))
        .hasMessageStartingWith("heartbeat_interval_s");
  }

  @Test
  void shouldRejectEmbeddedJsonThatIsNotExactlyOneObjectAtConstruction() {
    for (String bad :
        new String[] {"[]", "1", "\"{}\"", "{", "{} {}", "{\"a\":1,\"a\":2}", "null"}) {
      assertThatThrownBy(() -> new Command("c", "a", bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("params must be a JSON object");
      assertThatThrownBy(() -> new AssignJob("j", "m", "s", 0, 0, 1, DEADLINE, bad))
          .as(bad)
          .hasMessageStartingWith("map_config must be a JSON object");
    }
  }

  @Test
  void shouldNormaliseEmbeddedJsonSoEqualObjectsGiveEqualRecords() {
    assertThat(new Command("c", "a", " {\n \"x\" : [ 1 , 2.50 ] } "))
        .isEqualTo(new Command("c", "a", "{\"x\":[1,2.50]}"));
  }

  @Test
  void shouldAcceptOnlyJobDoneAndJobFailedAsAckRefType() {
    assertThat(new Ack("job_failed", "m", "j").refType()).isEqualTo("job_failed");
    assertThatThrownBy(() -> new Ack("progress", "m", "j")).hasMessageStartingWith("ref_type");
  }

  @Test
  void shouldReportItsWireNameAsType() {
    assertThat(new Disconnect("").type()).isEqualTo("disconnect");
    assertThat(new ErrorReport("", null).type()).isEqualTo("error");
    assertThat(new ProtocolError(ProtocolErrorCode.UNKNOWN_MAP, "", null, null).type())
        .isEqualTo("protocol_error");
  }

  @ParameterizedTest
  @EnumSource(ProtocolErrorCode.class)
  void shouldMapEveryErrorCodeToLowerCaseWireNameAndBack(ProtocolErrorCode code) {
    assertThat(code.wireName()).isEqualTo(code.name().toLowerCase(java.util.Locale.ROOT));
    assertThat(ProtocolErrorCode.fromWire(code.wireName())).isSameAs(code);
  }

  @Test
  void shouldRejectUnknownErrorCodeWireName() {
    assertThatThrownBy(() -> ProtocolErrorCode.fromWire("INVALID_JSON"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProtocolErrorCode.fromWire(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldSpellReportedStatusInLowerCase() {
    assertThat(Arrays.stream(ReportedStatus.values()).map(ReportedStatus::wireName))
        .containsExactly("idle", "busy");
  }

  @Test
  void shouldTurnProtocolExceptionIntoProtocolErrorFrame() {
    ProtocolException e =
        new ProtocolException(ProtocolErrorCode.STALE_JOB, "not your lease", "job_done", null);

    assertThat(e).isInstanceOf(dev.orchestrator.core.OrchestratorException.class);
    assertThat(e.toMessage())
        .isEqualTo(
            new ProtocolError(ProtocolErrorCode.STALE_JOB, "not your lease", "job_done", null));
  }
}
