package dev.orchestrator.host.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.Ack;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.protocol.Welcome;
import dev.orchestrator.host.TestHost;
import dev.orchestrator.host.WsClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sends 2,000 hostile frames to a live host over loopback: random and mutated text, invalid UTF-8,
 * binary and oversized frames. Then checks that the host is still healthy, that no session leaked,
 * that a map the frames named did not change, and that a well-behaved server still gets and
 * completes a job.
 */
class WebSocketFuzzTest {
  private static final int FRAMES = 2_000;
  private static final long SEED = 0xF022_2026L;
  private static final int MAX_FRAME = 64 * 1024;
  private static final String MAP = "fuzz-target";
  private static final String INSERTS = "{}[]\":,\\0-e9ntf\u0000\u00e9\uffff";

  private static final List<String> VALID = List.of(
      "{\"type\":\"hello\",\"server_ip\":\"127.0.0.1\",\"capacity\":2,\"labels\":{\"a\":\"b\"}}",
      "{\"type\":\"heartbeat\",\"cpu_usage\":12.5,\"ram_usage\":40,\"metrics\":{\"fps\":60}}",
      "{\"type\":\"status_update\",\"status\":\"idle\"}",
      "{\"type\":\"job_done\",\"map_id\":\"" + MAP + "\",\"next_round_time\":null}",
      "{\"type\":\"job_done\",\"map_id\":\"" + MAP + "\",\"job_id\":\"j-1\","
          + "\"next_round_time\":\"2025-12-18T01:50:00.0000000\"}",
      "{\"type\":\"job_failed\",\"map_id\":\"" + MAP + "\",\"job_id\":\"j-1\",\"message\":\"x\","
          + "\"retryable\":false}",
      "{\"type\":\"error\",\"message\":\"boom\",\"map_id\":\"" + MAP + "\"}",
      "{\"type\":\"progress\",\"map_id\":\"" + MAP + "\",\"job_id\":\"j-1\",\"percent\":50}");

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void shouldSurviveHostileFramesWithoutLeakingSessionsOrChangingMaps()
      throws InterruptedException {
    try (TestHost host = TestHost.start(b -> b.customize(o -> o
        .rateLimit(100_000, 100_000).strikeLimit(100_000, Duration.ofSeconds(10))))) {
      String future = Instant.now().plus(Duration.ofDays(30)).toString();
      assertThat(host.post("/api/map/create/", "{\"map_id\":\"" + MAP + "\",\"season_id\":1,"
          + "\"next_round_time\":\"" + future + "\"}").statusCode()).isEqualTo(201);
      long versionBefore = mapVersion(host);
      WsClient bystander = WsClient.connect(host.ws("bystander"));
      bystander.await(Welcome.class);

      Random random = new Random(SEED);
      RawClient fuzzer = null;
      int connections = 0;
      int closes1007 = 0;
      int closes1003 = 0;
      int closes1009 = 0;
      int answers = 0;
      long started = System.nanoTime();
      for (int i = 0; i < FRAMES; i++) {
        if (fuzzer == null || !fuzzer.isOpen()) {
          answers += fuzzer == null ? 0 : checkedAnswers(fuzzer);
          fuzzer = RawClient.connect(host.ws("fuzzer-" + connections++));
        }
        int kind = random.nextInt(100);
        if (kind < 80) {
          fuzzer.send(textFrame(random));
        } else if (kind < 90) {
          fuzzer.sendRawText(invalidUtf8(random));
          int code = fuzzer.awaitCloseCode();
          assertThat(code).as("frame %d: invalid UTF-8", i).isEqualTo(1007);
          closes1007++;
        } else if (kind < 95) {
          fuzzer.sendBinary(randomBytes(random, 1 + random.nextInt(512)));
          assertThat(fuzzer.awaitCloseCode()).as("frame %d: binary", i).isEqualTo(1003);
          closes1003++;
        } else {
          fuzzer.send("{\"type\":\"heartbeat\",\"pad\":\""
              + "x".repeat(MAX_FRAME + random.nextInt(4096)) + "\"}");
          // 1006 when the reset of the socket the host closed overtakes its 1009 close frame.
          assertThat(fuzzer.awaitCloseCode()).as("frame %d: oversized", i).isIn(1009, 1006);
          closes1009++;
        }
      }
      long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      fuzzer.closeBlocking();
      answers += checkedAnswers(fuzzer);
      System.out.printf("fuzz: %d frames over %d connections in %d ms; %d answers; closes "
          + "1007=%d 1003=%d 1009=%d%n", FRAMES, connections, elapsedMs, answers, closes1007,
          closes1003, closes1009);
      assertThat(answers).isPositive();

      assertThat(host.get("/healthz").statusCode()).isEqualTo(200);
      assertThat(bystander.isOpen()).isTrue();
      Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> sessions(host) == 1);
      assertThat(mapVersion(host)).isEqualTo(versionBefore);

      WsClient good = WsClient.connect(host.ws("good"));
      good.await(Welcome.class);
      bystander.close();
      host.createMap("after-fuzz");
      AssignJob job = good.await(AssignJob.class);
      assertThat(job.mapId()).isEqualTo("after-fuzz");
      good.send(new JobDone(job.mapId(), null, job.jobId()));
      Ack ack = good.await(Ack.class);
      assertThat(ack.jobId()).isEqualTo(job.jobId());
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sessions(host) == 1);
      good.close();
    }
  }

  /** Every frame the host sent must be a valid host message; returns how many there were. */
  private static int checkedAnswers(RawClient client) {
    for (String frame : client.received()) {
      assertThat(WsClient.CODEC.decodeHost(frame)).as(frame).isNotNull();
    }
    return client.received().size();
  }

  private static long mapVersion(TestHost host) {
    JsonNode map = TestHost.json(host.get("/api/map/" + MAP + "/"));
    return map.get("version").asLong();
  }

  static long sessions(TestHost host) {
    return (long) host.metric("orchestrator_ws_sessions");
  }

  /** A random text frame: a valid frame mutated, random JSON-ish tokens, or random text. */
  private static String textFrame(Random random) {
    String base = VALID.get(random.nextInt(VALID.size()));
    switch (random.nextInt(4)) {
      case 0 -> {
        return base;
      }
      case 1 -> {
        StringBuilder out = new StringBuilder(base);
        int edits = 1 + random.nextInt(5);
        for (int e = 0; e < edits && out.length() > 0; e++) {
          int at = random.nextInt(out.length());
          switch (random.nextInt(3)) {
            case 0 -> out.deleteCharAt(at);
            case 1 -> out.insert(at, INSERTS.charAt(random.nextInt(INSERTS.length())));
            default -> out.setCharAt(at, (char) (0x20 + random.nextInt(0x5f)));
          }
        }
        return out.toString();
      }
      case 2 -> {
        StringBuilder out = new StringBuilder();
        int n = random.nextInt(60);
        String[] tokens = {"{", "}", "[", "]", ":", ",", "\"type\"", "\"heartbeat\"",
            "\"map_id\"", "\"" + MAP + "\"", "null", "1e999999", "-0", "\"\\ud800\"", "true"};
        for (int t = 0; t < n; t++) {
          out.append(tokens[random.nextInt(tokens.length)]);
        }
        return out.toString();
      }
      default -> {
        StringBuilder out = new StringBuilder();
        int n = random.nextInt(200);
        for (int c = 0; c < n; c++) {
          out.append((char) random.nextInt(0xd800));
        }
        return out.toString();
      }
    }
  }

  /** Bytes that are not UTF-8: a stray continuation byte, an overlong form or a surrogate. */
  private static byte[] invalidUtf8(Random random) {
    byte[] prefix = "{\"type\":\"error\",\"message\":\"".getBytes(StandardCharsets.UTF_8);
    byte[][] bad = {
        {(byte) 0x80}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
        {(byte) 0xff}, {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        {(byte) 0xe2, (byte) 0x82}};
    byte[] middle = bad[random.nextInt(bad.length)];
    byte[] suffix = "\"}".getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[prefix.length + middle.length + suffix.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(middle, 0, out, prefix.length, middle.length);
    System.arraycopy(suffix, 0, out, prefix.length + middle.length, suffix.length);
    return out;
  }

  private static byte[] randomBytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
