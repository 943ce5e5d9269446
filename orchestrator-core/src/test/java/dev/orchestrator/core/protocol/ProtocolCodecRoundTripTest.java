package dev.orchestrator.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProtocolCodecRoundTripTest {
  private static final Instant DEADLINE = Instant.parse("2025-12-18T01:50:00Z");

  private final ProtocolCodec codec = new ProtocolCodec();

  static Stream<ClientMessage> clientMessages() {
    return Stream.of(
        new Hello("10.0.0.7", 4, Map.of("region", "eu", "gpu", "true"), "1.2.3"),
        new Hello(null, 1, Map.of(), null),
        new Heartbeat(12.5, 40.0, 10.0, Map.of("fps", 59.9, "players", 12.0)),
        new Heartbeat(null, null, null, Map.of()),
        new Heartbeat(0.0, 100.0, 0.1, null),
        new StatusUpdate(ReportedStatus.IDLE),
        new StatusUpdate(ReportedStatus.BUSY),
        new JobDone("planet_123", Instant.parse("2025-12-18T01:50:00.123456789Z"), "job-1"),
        new JobDone("planet_123", null, null),
        new JobFailed("planet_123", "job-1", "crashed", false),
        new JobFailed("planet_123", null, "", true),
        new ErrorReport("boom", "planet_123"),
        new ErrorReport("boom", null),
        new Progress("planet_123", "job-1", 42.5),
        new Progress("planet_123", null, 0.0),
        new Disconnect("shutdown"),
        new Disconnect(""));
  }

  static Stream<HostMessage> hostMessages() {
    AssignJob job =
        new AssignJob(
            "job-1", "planet_123", "season_7", 3, 12, 2, DEADLINE, "{\"size\":[1,2.50,1e400]}");
    return Stream.of(
        new Welcome(1, "unity_192_168_1_100", "session-9", 5, null),
        new Welcome(1, "unity_192_168_1_100", "session-9", 5, job),
        job,
        new AssignJob("job-2", "m", "1", 0, 0, 1, DEADLINE, null),
        new AssignJob("job-3", "m", "s", 0, 0, 1, DEADLINE, " { \"nested\" : { \"a\" : null } } "),
        new Command("cmd-1", "drain", "{}"),
        new Command("cmd-2", "custom", "{\"force\":true,\"after_s\":30}"),
        new Ack("job_done", "planet_123", "job-1"),
        new Ack("job_failed", "planet_123", null),
        new ProtocolError(ProtocolErrorCode.STALE_JOB, "not your lease", "job_done", null),
        new ProtocolError(ProtocolErrorCode.INVALID_FIELD, "bad", "heartbeat", "cpu_usage"),
        new ProtocolError(ProtocolErrorCode.INVALID_JSON, "", null, null));
  }

  @ParameterizedTest
  @MethodSource("clientMessages")
  void shouldDecodeEveryEncodedClientMessageToAnEqualRecord(ClientMessage message) {
    assertThat(codec.decodeClient(codec.encode(message))).isEqualTo(message);
  }

  @ParameterizedTest
  @MethodSource("hostMessages")
  void shouldDecodeEveryEncodedHostMessageToAnEqualRecord(HostMessage message) {
    assertThat(codec.decodeHost(codec.encode(message))).isEqualTo(message);
  }

  @ParameterizedTest
  @MethodSource({"clientMessages", "hostMessages"})
  void shouldWriteTypeAsTheFirstField(Message message) {
    assertThat(codec.encode(message)).startsWith("{\"type\":\"" + message.type() + "\"");
  }

  @Test
  void shouldEncodeWelcomeWithExplicitNullCurrentJob() {
    String frame = codec.encode(new Welcome(1, "unity_1", "s-1", 5, null));

    assertThat(frame)
        .isEqualTo(
            "{\"type\":\"welcome\",\"protocol\":1,\"server_id\":\"unity_1\","
                + "\"session_id\":\"s-1\",\"heartbeat_interval_s\":5,\"current_job\":null}");
  }

  @Test
  void shouldEncodeAssignJobWithMapConfigAsAnEmbeddedObject() {
    AssignJob job =
        new AssignJob("j-1", "planet_123", "7", 3, 12, 1, DEADLINE, "{ \"biome\": \"ice\" }");

    assertThat(codec.encode(job))
        .isEqualTo(
            "{\"type\":\"assign_job\",\"job_id\":\"j-1\",\"map_id\":\"planet_123\","
                + "\"season_id\":\"7\",\"round_id\":3,\"current_round_number\":12,\"attempt\":1,"
                + "\"deadline\":\"2025-12-18T01:50:00Z\",\"map_config\":{\"biome\":\"ice\"}}");
  }

  @Test
  void shouldEmbedCurrentJobInWelcomeIncludingItsType() {
    AssignJob job = new AssignJob("j-1", "m", "7", 0, 0, 1, DEADLINE, null);

    assertThat(codec.encode(new Welcome(1, "u", "s", 5, job)))
        .contains(
            "\"current_job\":{\"type\":\"assign_job\",\"job_id\":\"j-1\",\"map_id\":\"m\","
                + "\"season_id\":\"7\",\"round_id\":0,\"current_round_number\":0,\"attempt\":1,"
                + "\"deadline\":\"2025-12-18T01:50:00Z\",\"map_config\":{}}}");
  }

  @Test
  void shouldEncodeSeedStyleClientFramesWithoutAbsentOptionalFields() {
    assertThat(codec.encode(new Heartbeat(12.5, 40.0, null, null)))
        .isEqualTo("{\"type\":\"heartbeat\",\"cpu_usage\":12.5,\"ram_usage\":40.0}");
    assertThat(codec.encode(new JobDone("planet_123", DEADLINE, null)))
        .isEqualTo(
            "{\"type\":\"job_done\",\"map_id\":\"planet_123\","
                + "\"next_round_time\":\"2025-12-18T01:50:00Z\"}");
  }

  @Test
  void shouldEncodeNullableHostFieldsAsExplicitNulls() {
    assertThat(codec.encode(new Ack("job_done", "m", null)))
        .isEqualTo("{\"type\":\"ack\",\"ref_type\":\"job_done\",\"map_id\":\"m\",\"job_id\":null}");
    assertThat(
            codec.encode(
                new ProtocolError(ProtocolErrorCode.RATE_LIMITED, "slow down", null, null)))
        .isEqualTo(
            "{\"type\":\"protocol_error\",\"code\":\"rate_limited\",\"message\":\"slow down\","
                + "\"ref_type\":null,\"field\":null}");
    assertThat(codec.encode(new JobDone("m", null, null)))
        .isEqualTo("{\"type\":\"job_done\",\"map_id\":\"m\",\"next_round_time\":null}");
  }

  @Test
  void shouldEncodeCommandParamsAsAnEmbeddedObject() {
    assertThat(codec.encode(new Command("c-1", "restart", "{\"delay_s\":5}")))
        .isEqualTo(
            "{\"type\":\"command\",\"command_id\":\"c-1\",\"action\":\"restart\","
                + "\"params\":{\"delay_s\":5}}");
  }
}
