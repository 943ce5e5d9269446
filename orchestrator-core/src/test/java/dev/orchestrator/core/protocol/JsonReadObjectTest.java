package dev.orchestrator.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The streaming reader must give the tree readTree gives, node type for node type. */
class JsonReadObjectTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{\"type\":\"heartbeat\",\"cpu_usage\":31.5,\"ram_usage\":48.250,\"disk_usage\":40}",
        "{\"type\":\"job_done\",\"map_id\":\"m\",\"next_round_time\":null,\"job_id\":\"j\"}",
        " { \"a\" : 1 , \"b\" : 2147483648 , \"c\" : 99999999999999999999999 , \"d\" : -0.0 } ",
        "{\"a\":1e400,\"b\":1.50,\"c\":1E-5,\"d\":true,\"e\":false,\"f\":\"\\u00e9\\n\"}",
        "{\"map_config\":{\"x\":[1,2.50,{\"y\":null}],\"z\":{}},\"after\":\"nested\"}",
        "{\"list\":[],\"obj\":{\"deep\":{\"deeper\":[[[]]]}},\"s\":\"x\"}",
        "{\"empty\":{},\"one\":{\"a\":{}},\"two\":{\"a\":1,\"b\":[{}]},\"last\":{ }}",
      })
  void shouldReadTheTreeReadTreeReads(String frame) throws Exception {
    assertThat(Json.readObject(frame)).isEqualTo(Json.MAPPER.readTree(frame));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "[]",
        "\"text\"",
        "42",
        "null",
        "{\"type\":\"heartbeat\"} x",
        "{\"type\":\"heartbeat\"}{}",
        "{\"a\":1,\"a\":2}",
        "{\"a\":{\"b\":1,\"b\":2}}",
        "{\"a\":{\"c\":{},\"b\":1,\"b\":2}}",
        "{\"a\":{\"b\":1,}}",
        "{\"a\":{]}",
        "{\"a\":1",
        "{\"a\":}",
        "{a:1}",
      })
  void shouldLeaveAnythingButOneObjectToReadTree(String frame) {
    assertThat(Json.readObject(frame)).isNull();
  }
}
