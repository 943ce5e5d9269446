package dev.orchestrator.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProtocolCodecHostDecodeTest {
  private static final String JOB_FIELDS =
      "\"job_id\":\"j-1\",\"map_id\":\"planet_123\",\"season_id\":\"7\",\"round_id\":3,"
          + "\"current_round_number\":12,\"attempt\":1,\"deadline\":\"2025-12-18T01:50:00Z\"";

  private final ProtocolCodec codec = new ProtocolCodec();

  private ProtocolException rejected(String frame) {
    return catchThrowableOfType(ProtocolException.class, () -> codec.decodeHost(frame));
  }

  private static AssignJob job(String seasonId, String mapConfigJson) {
    return new AssignJob(
        "j-1",
        "planet_123",
        seasonId,
        3,
        12,
        1,
        Instant.parse("2025-12-18T01:50:00Z"),
        mapConfigJson);
  }

  @Test
  void shouldDecodeAssignJobWithMapConfigObjectAsCompactText() {
    HostMessage message =
        codec.decodeHost(
            "{\"type\":\"assign_job\"," + JOB_FIELDS + ",\"map_config\": { \"biome\" : \"ice\" }}");

    assertThat(message).isEqualTo(job("7", "{\"biome\":\"ice\"}"));
    assertThat(((AssignJob) message).mapConfigJson()).isEqualTo("{\"biome\":\"ice\"}");
  }

  @Test
  void shouldDecodeAbsentMapConfigAsEmptyObject() {
    AssignJob job = (AssignJob) codec.decodeHost("{\"type\":\"assign_job\"," + JOB_FIELDS + "}");

    assertThat(job.mapConfigJson()).isEqualTo("{}");
  }

  @Test
  void shouldKeepNumericSeasonIdAsText() {
    HostMessage message =
        codec.decodeHost(
            "{\"type\":\"assign_job\"," + JOB_FIELDS.replace("\"7\"", "7") + ",\"map_config\":{}}");

    assertThat(message).isEqualTo(job("7", "{}"));
  }

  @Test
  void shouldRejectMapConfigThatIsNotAnObject() {
    ProtocolException e =
        rejected("{\"type\":\"assign_job\"," + JOB_FIELDS + ",\"map_config\":\"{}\"}");

    assertThat(e.code()).isEqualTo(ProtocolErrorCode.INVALID_FIELD);
    assertThat(e.field()).isEqualTo("map_config");
    assertThat(e.refType()).isEqualTo("assign_job");
  }

  @Test
  void shouldRejectAttemptBelowOne() {
    ProtocolException e =
        rejected(
            "{\"type\":\"assign_job\","
                + JOB_FIELDS.replace("\"attempt\":1", "\"attempt\":0")
                + "}");

    assertThat(e.code()).isEqualTo(ProtocolErrorCode.INVALID_FIELD);
    assertThat(e.field()).isEqualTo("attempt");
  }

  @Test
  void shouldRejectMissingDeadline() {
    ProtocolException e =
        rejected(
            "{\"type\":\"assign_job\","
                + JOB_FIELDS.replace(",\"deadline\":\"2025-12-18T01:50:00Z\"", "")
                + "}");

    assertThat(e.code()).isEqualTo(ProtocolErrorCode.MISSING_FIELD);
    assertThat(e.field()).isEqualTo("deadline");
  }

  @Test
  void shouldDecodeWelcomeWithNullCurrentJob() {
    HostMessage message =
        codec.decodeHost(
            "{\"type\":\"welcome\",\"protocol\":1,\"server_id\":\"unity_1\","
                + "\"session_id\":\"s-1\",\"heartbeat_interval_s\":5,\"current_job\":null}");

    assertThat(message).isEqualTo(new Welcome(1, "unity_1", "s-1", 5, null));
  }

  @Test
  void shouldDecodeWelcomeWithCurrentJob() {
    HostMessage message =
        codec.decodeHost(
            "{\"type\":\"welcome\",\"protocol\":1,\"server_id\":\"unity_1\",\"session_id\":\"s-1\","
                + "\"heartbeat_interval_s\":5,\"current_job\":{\"type\":\"assign_job\","
                + JOB_FIELDS
                + ",\"map_config\":{\"a\":[1,2]}}}");

    assertThat(message).isEqualTo(new Welcome(1, "unity_1", "s-1", 5, job("7", "{\"a\":[1,2]}")));
  }

  @Test
  void shouldNameNestedFieldOfCurrentJobInErrors() {
    ProtocolException e =
        rejected(
            "{\"type\":\"welcome\",\"protocol\":1,\"server_id\":\"u\",\"session_id\":\"s\","
                + "\"heartbeat_interval_s\":5,\"current_job\":{"
                + JOB_FIELDS.replace("\"map_id\":\"planet_123\"", "\"map_id\":\"\"")
                + "}}");

    assertThat(e.code()).isEqualTo(ProtocolErrorCode.INVALID_FIELD);
    assertThat(e.field()).isEqualTo("current_job.map_id");
    assertThat(e.refType()).isEqualTo("welcome");
    assertThat(e.getMessage()).startsWith("current_job.map_id must be");
  }

  @Test
  void shouldRejectCurrentJobOfAnotherType() {
    ProtocolException e =
        rejected(
            "{\"type\":\"welcome\",\"protocol\":1,\"server_id\":\"u\",\"session_id\":\"s\","
                + "\"heartbeat_interval_s\":5,\"current_job\":{\"type\":\"command\"}}");

    assertThat(e.field()).isEqualTo("current_job.type");
  }

  @Test
  void shouldRejectServerIdWithCharactersOutsideTheUrlSafeSet() {
    ProtocolException e =
        rejected(
            "{\"type\":\"welcome\",\"protocol\":1,\"server_id\":\"a/b\",\"session_id\":\"s\","
                + "\"heartbeat_interval_s\":5}");

    assertThat(e.code()).isEqualTo(ProtocolErrorCode.INVALID_FIELD);
    assertThat(e.field()).isEqualTo("server_id");
  }

  @Test
  void shouldDecodeCommandWithParamsAndWithout() {
    assertThat(
            codec.decodeHost(
                "{\"type\":\"command\",\"command_id\":\"c\",\"action\":\"drain\",\"params\":{\"x\":1}}"))
        .isEqualTo(new Command("c", "drain", "{\"x\":1}"));
    assertThat(codec.decodeHost("{\"type\":\"command\",\"command_id\":\"c\",\"action\":\"drain\"}"))
        .isEqualTo(new Command("c", "drain", "{}"));
  }

  @Test
  void shouldDecodeAckAndRejectOtherRefTypes() {
    assertThat(codec.decodeHost("{\"type\":\"ack\",\"ref_type\":\"job_done\",\"map_id\":\"m\"}"))
        .isEqualTo(new Ack("job_done", "m", null));

    ProtocolException e =
        rejected("{\"type\":\"ack\",\"ref_type\":\"heartbeat\",\"map_id\":\"m\"}");

    assertThat(e.field()).isEqualTo("ref_type");
  }

  @Test
  void shouldDecodeProtocolErrorAndRejectUnknownCodes() {
    assertThat(
            codec.decodeHost(
                "{\"type\":\"protocol_error\",\"code\":\"stale_job\",\"message\":\"m\","
                    + "\"ref_type\":\"job_done\",\"field\":null}"))
        .isEqualTo(new ProtocolError(ProtocolErrorCode.STALE_JOB, "m", "job_done", null));

    ProtocolException e = rejected("{\"type\":\"protocol_error\",\"code\":\"nope\"}");

    assertThat(e.code()).isEqualTo(ProtocolErrorCode.INVALID_FIELD);
    assertThat(e.field()).isEqualTo("code");
  }

  @Test
  void shouldRejectClientMessageTypeReceivedByClientAsUnknownType() {
    ProtocolException e = rejected("{\"type\":\"heartbeat\"}");

    assertThat(e.code()).isEqualTo(ProtocolErrorCode.UNKNOWN_TYPE);
    assertThat(e.getMessage()).contains("welcome, assign_job, command, ack, protocol_error");
  }
}
