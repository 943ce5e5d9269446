package dev.orchestrator.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrameTypesTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "{\"type\":\"job_done\",\"map_id\":\"m\"}|type|job_done",
        "{\"type\":\"ack\"}|type|ack",
        "{\"type\":\"\"}|type|''",
        "{ \"type\" : \"job_done\" }|type|job_done",
        "{\"map_id\":\"m\",\"type\":\"job_done\"}|type|job_done",
        "{\"type\":\"job\\u005fdone\"}|type|job_done",
        "{\"type\":\"protocol_error\",\"code\":\"stale_job\"}|code|stale_job",
        "{\"types\":\"x\",\"type\":\"ack\"}|type|ack",
        "{\"type\":7}|type|NULL",
        "{\"type\":\"job_done|type|NULL",
        "[\"type\"]|type|NULL",
        "not json|type|NULL",
        "{\"map_id\":\"m\"}|type|NULL",
      })
  void shouldReadTheTopLevelStringField(String frame, String name, String expected) {
    assertThat(FrameTypes.field(frame, name)).isEqualTo(expected);
  }
}
