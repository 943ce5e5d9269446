package dev.orchestrator.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProtocolCodecClientDecodeTest {
  private final ProtocolCodec codec = new ProtocolCodec();

  private ProtocolException rejected(String frame) {
    return catchThrowableOfType(ProtocolException.class, () -> codec.decodeClient(frame));
  }

  @Test
  void shouldDecodeSeedHeartbeatWithIntegerAndFractionalUsages() {
    ClientMessage message =
        codec.decodeClient(
            "{\"type\":\"heartbeat\",\"cpu_usage\":12.5,\"ram_usage\":40,\"disk_usage\":10}");

    assertThat(message).isEqualTo(new Heartbeat(12.5, 40.0, 10.0, Map.of()));
  }

  @Test
  void shouldDecodeEmptyHeartbeat() {
    assertThat(codec.decodeClient("{\"type\":\"heartbeat\"}"))
        .isEqualTo(new Heartbeat(null, null, null, Map.of()));
  }

  @Test
  void shouldDecodeHeartbeatMetrics() {
    assertThat(
            codec.decodeClient("{\"type\":\"heartbeat\",\"metrics\":{\"fps\":60,\"tick_ms\":2.5}}"))
        .isEqualTo(new Heartbeat(null, null, null, Map.of("fps", 60.0, "tick_ms", 2.5)));
  }

  @Test
  void shouldDecodeSeedStatusUpdate() {
    assertThat(codec.decodeClient("{\"type\":\"status_update\",\"status\":\"idle\"}"))
        .isEqualTo(new StatusUpdate(ReportedStatus.IDLE));
    assertThat(codec.decodeClient("{\"type\":\"status_update\",\"status\":\"busy\"}"))
        .isEqualTo(new StatusUpdate(ReportedStatus.BUSY));
  }

  @Test
  void shouldDecodeSeedJobDoneWithSevenFractionalDigitsAndNoJobId() {
    ClientMessage message =
        codec.decodeClient(
            "{\"type\":\"job_done\",\"map_id\":\"planet_123\","
                + "\"next_round_time\":\"2025-12-18T01:50:00.0000000Z\"}");

    assertThat(message)
        .isEqualTo(new JobDone("planet_123", Instant.parse("2025-12-18T01:50:00Z"), null));
  }

  @Test
  void shouldDecodeSeedErrorReport() {
    assertThat(
            codec.decodeClient(
                "{\"type\":\"error\",\"message\":\"boom\",\"map_id\":\"planet_123\"}"))
        .isEqualTo(new ErrorReport("boom", "planet_123"));
  }

  @Test
  void shouldReadBlankMapIdOfErrorReportAsNoMap() {
    assertThat(codec.decodeClient("{\"type\":\"error\",\"message\":\"boom\",\"map_id\":\" \"}"))
        .isEqualTo(new ErrorReport("boom", null));
  }

  @Test
  void shouldDecodeSeedDisconnect() {
    assertThat(codec.decodeClient("{\"type\":\"disconnect\",\"reason\":\"shutdown\"}"))
        .isEqualTo(new Disconnect("shutdown"));
  }

  @Test
  void shouldDecodeSeedFramesIndentedAsNewtonsoftWritesThem() {
    String frame = "{\r\n  \"type\": \"disconnect\",\r\n  \"reason\": \"shutdown\"\r\n}";

    assertThat(codec.decodeClient(frame)).isEqualTo(new Disconnect("shutdown"));
  }

  @Test
  void shouldApplyDefaultsToMinimalFrames() {
    assertThat(codec.decodeClient("{\"type\":\"hello\"}"))
        .isEqualTo(new Hello(null, 1, Map.of(), null));
    assertThat(codec.decodeClient("{\"type\":\"job_failed\",\"map_id\":\"m\"}"))
        .isEqualTo(new JobFailed("m", null, "", true));
    assertThat(codec.decodeClient("{\"type\":\"error\"}")).isEqualTo(new ErrorReport("", null));
    assertThat(codec.decodeClient("{\"type\":\"disconnect\"}")).isEqualTo(new Disconnect(""));
  }

  @Test
  void shouldTreatExplicitNullsAsAbsentOptionalFields() {
    assertThat(
            codec.decodeClient(
                "{\"type\":\"job_done\",\"map_id\":\"m\",\"next_round_time\":null,\"job_id\":null}"))
        .isEqualTo(new JobDone("m", null, null));
    assertThat(codec.decodeClient("{\"type\":\"hello\",\"capacity\":null,\"labels\":null}"))
        .isEqualTo(new Hello(null, 1, Map.of(), null));
  }

  @Test
  void shouldKeepScalarLabelValuesAsTheirText() {
    ClientMessage message =
        codec.decodeClient(
            "{\"type\":\"hello\",\"server_ip\":\"10.0.0.7\",\"capacity\":3,"
                + "\"labels\":{\"region\":\"eu\",\"gpu\":true,\"cores\":16,\"ratio\":1.50},"
                + "\"version\":\"2.0\"}");

    assertThat(message)
        .isEqualTo(
            new Hello(
                "10.0.0.7",
                3,
                Map.of("region", "eu", "gpu", "true", "cores", "16", "ratio", "1.50"),
                "2.0"));
  }

  @Test
  void shouldAcceptIntegralFloatForIntegerField() {
    assertThat(codec.decodeClient("{\"type\":\"hello\",\"capacity\":2.0}"))
        .isEqualTo(new Hello(null, 2, Map.of(), null));
  }

  @Test
  void shouldIgnoreUnknownFields() {
    ClientMessage message =
        codec.decodeClient(
            "{\"extra\":{\"deep\":[1,2,{}]},\"type\":\"progress\",\"map_id\":\"m\","
                + "\"job_id\":\"j\",\"percent\":50,\"eta\":\"soon\"}");

    assertThat(message).isEqualTo(new Progress("m", "j", 50.0));
  }

  @Test
  void shouldReadTimeWithoutOffsetAsUtc() {
    ClientMessage message =
        codec.decodeClient(
            "{\"type\":\"job_done\",\"map_id\":\"m\","
                + "\"next_round_time\":\"2025-12-18T01:50:00.0000000\"}");

    assertThat(((JobDone) message).nextRoundTime())
        .isEqualTo(Instant.parse("2025-12-18T01:50:00Z"));
  }

  @Test
  void shouldConvertTimeWithOffsetToUtc() {
    ClientMessage message =
        codec.decodeClient(
            "{\"type\":\"job_done\",\"map_id\":\"m\","
                + "\"next_round_time\":\"2025-12-18T03:50:00.1234567+02:00\"}");

    assertThat(((JobDone) message).nextRoundTime())
        .isEqualTo(Instant.parse("2025-12-18T01:50:00.123456700Z"));
  }

  @Test
  void shouldRejectCpuUsageAbove100WithInvalidField() {
    ProtocolException e = rejected("{\"type\":\"heartbeat\",\"cpu_usage\":140}");

    assertThat(e.code()).isEqualTo(ProtocolErrorCode.INVALID_FIELD);
    assertThat(e.field()).isEqualTo("cpu_usage");
    assertThat(e.refType()).isEqualTo("heartbeat");
    assertThat(e.getMessage()).isEqualTo("cpu_usage must be a number from 0 to 100, got 140");
  }

  @Test
  void shouldRejectUnparseableTextWithInvalidJson() {
    ProtocolException e = rejected("{\"type\":\"heartbeat\",");

    assertThat(e.code()).isEqualTo(ProtocolErrorCode.INVALID_JSON);
    assertThat(e.refType()).isNull();
    assertThat(e.field()).isNull();
  }

  @Test
  void shouldRejectFrameWithoutTypeWithMissingField() {
    ProtocolException e = rejected("{\"status\":\"idle\"}");

    assertThat(e.code()).isEqualTo(ProtocolErrorCode.MISSING_FIELD);
    assertThat(e.field()).isEqualTo("type");
    assertThat(e.refType()).isNull();
  }

  @Test
  void shouldRejectNonStringTypeWithInvalidField() {
    ProtocolException e = rejected("{\"type\":7}");

    assertThat(e.code()).isEqualTo(ProtocolErrorCode.INVALID_FIELD);
    assertThat(e.field()).isEqualTo("type");
  }

  @Test
  void shouldRejectUnknownTypeNamingItAndTheKnownTypes() {
    ProtocolException e = rejected("{\"type\":\"jump\"}");

    assertThat(e.code()).isEqualTo(ProtocolErrorCode.UNKNOWN_TYPE);
    assertThat(e.refType()).isEqualTo("jump");
    assertThat(e.getMessage())
        .contains("'jump'")
        .contains(
            "hello, heartbeat, status_update, job_done, job_failed, error, progress, disconnect");
  }

  @Test
  void shouldRejectHostMessageTypeSentByClientAsUnknownType() {
    assertThat(rejected("{\"type\":\"assign_job\"}").code())
        .isEqualTo(ProtocolErrorCode.UNKNOWN_TYPE);
  }

  @Test
  void shouldClipAVeryLongUnknownTypeInTheError() {
    String type = "x".repeat(10_000);

    ProtocolException e = rejected("{\"type\":\"" + type + "\"}");

    assertThat(e.refType()).hasSizeLessThan(100);
    assertThat(e.getMessage()).hasSizeLessThan(300);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"type\":\"job_done\"}|map_id",
        "{\"type\":\"job_done\",\"map_id\":null}|map_id",
        "{\"type\":\"job_failed\"}|map_id",
        "{\"type\":\"progress\",\"map_id\":\"m\"}|percent",
        "{\"type\":\"progress\",\"percent\":5}|map_id",
        "{\"type\":\"status_update\"}|status",
        "{\"type\":null}|type",
      })
  void shouldRejectMissingRequiredFieldWithMissingFieldNamingIt(String frame, String field) {
    ProtocolException e = rejected(frame);

    assertThat(e.code()).isEqualTo(ProtocolErrorCode.MISSING_FIELD);
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.getMessage()).isEqualTo(field + " is required");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"type\":\"heartbeat\",\"cpu_usage\":-1}|cpu_usage|cpu_usage must be a number from 0 to"
            + " 100, got -1",
        "{\"type\":\"heartbeat\",\"ram_usage\":\"40\"}|ram_usage|ram_usage must be a number, got"
            + " string '40'",
        "{\"type\":\"heartbeat\",\"disk_usage\":1e999999}|disk_usage|disk_usage must be a number"
            + " from 0 to 100, got Infinity",
        "{\"type\":\"heartbeat\",\"metrics\":[1]}|metrics|metrics must be a JSON object, got an"
            + " array",
        "{\"type\":\"heartbeat\",\"metrics\":{\"fps\":\"hi\"}}|metrics|metrics must be an object of"
            + " numbers, got string 'hi' for 'fps'",
        "{\"type\":\"heartbeat\",\"metrics\":{\"fps\":-1e999}}|metrics|metrics must map names to"
            + " finite numbers, got -Infinity for 'fps'",
        "{\"type\":\"status_update\",\"status\":\"sleeping\"}|status|status must be 'idle' or"
            + " 'busy', got 'sleeping'",
        "{\"type\":\"status_update\",\"status\":1}|status|status must be a string, got 1",
        "{\"type\":\"hello\",\"capacity\":0}|capacity|capacity must be an integer from 1 to 1024,"
            + " got 0",
        "{\"type\":\"hello\",\"capacity\":1025}|capacity|capacity must be an integer from 1 to"
            + " 1024, got 1025",
        "{\"type\":\"hello\",\"capacity\":1.5}|capacity|capacity must be a 32-bit integer, got 1.5",
        "{\"type\":\"hello\",\"capacity\":99999999999999999999}|capacity|capacity must be a 32-bit"
            + " integer, got 99999999999999999999",
        "{\"type\":\"hello\",\"capacity\":\"2\"}|capacity|capacity must be a 32-bit integer, got"
            + " string '2'",
        "{\"type\":\"hello\",\"labels\":{\"a\":{}}}|labels|labels must be an object of strings,"
            + " numbers or booleans, got an object for 'a'",
        "{\"type\":\"hello\",\"labels\":{\"a\":null}}|labels|labels must be an object of strings,"
            + " numbers or booleans, got null for 'a'",
        "{\"type\":\"hello\",\"server_ip\":false}|server_ip|server_ip must be a string, got false",
        "{\"type\":\"job_done\",\"map_id\":\"\"}|map_id|map_id must be a non-blank string of at"
            + " most 256 characters, got ''",
        "{\"type\":\"job_done\",\"map_id\":5}|map_id|map_id must be a string, got 5",
        "{\"type\":\"job_done\",\"map_id\":\"m\",\"job_id\":\" \"}|job_id|job_id must be a"
            + " non-blank string of at most 256 characters, got ' '",
        "{\"type\":\"job_done\",\"map_id\":\"m\",\"next_round_time\":\"tomorrow\"}|next_round_time|next_round_time"
            + " must be an ISO-8601 date-time such as 2025-12-18T01:50:00Z, got string 'tomorrow'",
        "{\"type\":\"job_done\",\"map_id\":\"m\",\"next_round_time\":\"2025-13-45T99:00:00Z\"}|next_round_time|next_round_time"
            + " must be an ISO-8601 date-time such as 2025-12-18T01:50:00Z, got string"
            + " '2025-13-45T99:00:00Z'",
        "{\"type\":\"job_done\",\"map_id\":\"m\",\"next_round_time\":1734486600}|next_round_time|next_round_time"
            + " must be a string, got 1734486600",
        "{\"type\":\"job_failed\",\"map_id\":\"m\",\"retryable\":\"no\"}|retryable|retryable must"
            + " be true or false, got string 'no'",
        "{\"type\":\"progress\",\"map_id\":\"m\",\"percent\":100.5}|percent|percent must be a"
            + " number from 0 to 100, got 100.5",
        "{\"type\":\"disconnect\",\"reason\":{}}|reason|reason must be a string, got an object",
      })
  void shouldRejectBadFieldWithInvalidFieldNamingItAndWhatCame(
      String frame, String field, String message) {
    ProtocolException e = rejected(frame);

    assertThat(e.code()).isEqualTo(ProtocolErrorCode.INVALID_FIELD);
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.getMessage()).isEqualTo(message);
    assertThat(e.refType()).isEqualTo(frame.substring(9, frame.indexOf('"', 9)));
  }

  @Test
  void shouldRejectOverlongMapId() {
    ProtocolException e =
        rejected("{\"type\":\"job_done\",\"map_id\":\"" + "m".repeat(257) + "\"}");

    assertThat(e.code()).isEqualTo(ProtocolErrorCode.INVALID_FIELD);
    assertThat(e.field()).isEqualTo("map_id");
  }

  @Test
  void shouldAnswerWithTheProtocolErrorFrameOfTheException() {
    ProtocolException e = rejected("{\"type\":\"heartbeat\",\"cpu_usage\":140}");

    assertThat(e.toMessage())
        .isEqualTo(
            new ProtocolError(
                ProtocolErrorCode.INVALID_FIELD,
                "cpu_usage must be a number from 0 to 100, got 140",
                "heartbeat",
                "cpu_usage"));
  }
}
