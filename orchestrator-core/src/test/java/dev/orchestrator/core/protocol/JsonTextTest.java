package dev.orchestrator.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** JsonText must write what Jackson's generator writes, character for character. */
class JsonTextTest {
  @Test
  void shouldEscapeEveryCharacterAsJacksonDoes() throws Exception {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x3000; c++) {
      all.append(c);
    }
    String[] values = {"", "plain-id_1.2:3", "quote\" and \\ backslash", "\u0000\u001f\u007f",
        "tab\tnew\nline\rform\fback\b", "é ü 日本 \uD83D\uDE00", "\uD800 lone", all.toString()};
    for (String value : values) {
      String written = new JsonText().startObject().string(value, value).endObject().toString();

      ObjectNode node = Json.MAPPER.createObjectNode().put(value, value);
      assertThat(written).isEqualTo(Json.MAPPER.writeValueAsString(node));
    }
  }

  @Test
  void shouldWriteNumbersAsJacksonDoes() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 10_000; i++) {
      double d =
          i % 2 == 0 ? random.nextDouble() * 100 : Double.longBitsToDouble(random.nextLong());
      if (!Double.isFinite(d)) {
        continue;
      }
      long l = random.nextLong();
      String written = new JsonText().startObject().number("d", d).number("l", l).endObject()
          .toString();

      ObjectNode node = Json.MAPPER.createObjectNode().put("d", d).put("l", l);
      assertThat(written).isEqualTo(Json.MAPPER.writeValueAsString(node));
    }
  }

  @Test
  void shouldRefuseANumberJsonCannotHold() {
    assertThatThrownBy(() -> new JsonText().startObject().number("x", Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x");
  }

  @Test
  void shouldEncodeNestedObjectsAndNullsAsJacksonDoes() throws Exception {
    Hello hello = new Hello("10.0.0.1", 4, Map.of("region\n", "eu\"west"), null);
    Welcome welcome = new Welcome(1, "s-1", "sess", 5, new AssignJob("j", "m", "s", 1, 2, 3,
        Instant.parse("2026-11-23T15:05:00.123Z"), "{\"a\":[1,2.50,{\"b\":null}]}"));

    ObjectNode helloTree = Json.MAPPER.createObjectNode().put("type", "hello")
        .put("server_ip", "10.0.0.1").put("capacity", 4);
    helloTree.putObject("labels").put("region\n", "eu\"west");
    ObjectNode welcomeTree = Json.MAPPER.createObjectNode().put("type", "welcome")
        .put("protocol", 1).put("server_id", "s-1").put("session_id", "sess")
        .put("heartbeat_interval_s", 5);
    welcomeTree.putObject("current_job").put("type", "assign_job").put("job_id", "j")
        .put("map_id", "m").put("season_id", "s").put("round_id", 1)
        .put("current_round_number", 2).put("attempt", 3)
        .put("deadline", "2026-11-23T15:05:00.123Z")
        .set("map_config", Json.MAPPER.readTree("{\"a\":[1,2.50,{\"b\":null}]}"));
    ProtocolCodec codec = new ProtocolCodec();

    assertThat(codec.encode(hello)).isEqualTo(Json.MAPPER.writeValueAsString(helloTree));
    assertThat(codec.encode(welcome)).isEqualTo(Json.MAPPER.writeValueAsString(welcomeTree));
    assertThat(codec.encode(new Welcome(1, "s-1", "sess", 5, null)))
        .isEqualTo("{\"type\":\"welcome\",\"protocol\":1,\"server_id\":\"s-1\","
            + "\"session_id\":\"sess\",\"heartbeat_interval_s\":5,\"current_job\":null}");
  }
}
