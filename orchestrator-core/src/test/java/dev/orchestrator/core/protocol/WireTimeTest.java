package dev.orchestrator.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WireTimeTest {
  private static final long YEAR_0 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
  private static final long YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2025-12-18T01:50:00Z",
        "2025-12-18T01:50Z",
        "2025-12-18T01:50",
        "2025-12-18T01:50:07",
        "2025-12-18T01:50:00.0000000",
        "2025-12-18T01:50:00.0000000Z",
        "2025-12-18T03:50:00.1234567+02:00",
        "2025-12-18T03:50:00.1-02:30",
        "2025-12-18T03:50:00.123456789-00:00",
        "2025-12-18T03:50:00+18:00",
        "2025-12-18T03:50:00-18:00",
        "2024-02-29T23:59:59.999999999Z",
        "2000-02-29T00:00:00Z",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999+00:00",
        "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.5Z",
        // Shapes the fast path leaves to java.time, which accepts them.
        "2025-12-18t01:50:00z",
        "2025-12-18T01:50:00+02:00:30",
        "2025-12-18T01:50:00+02:00[Europe/Paris]",
        "+12025-12-18T01:50:00Z",
        "2025-12-18T01:50:00.Z",
      })
  void shouldParseAsJavaTimeDoes(String text) {
    assertThat(WireTime.parse(text)).isEqualTo(javaTime(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "tomorrow",
        "2025-12-18",
        "2025-12-18T",
        "2025-12-18T1:50:00Z",
        "2025-12-18 01:50:00Z",
        "2025-13-18T01:50:00Z",
        "2025-00-18T01:50:00Z",
        "2025-12-32T01:50:00Z",
        "2025-02-29T01:50:00Z",
        "1900-02-29T01:50:00Z",
        "2025-04-31T01:50:00Z",
        "2025-12-18T24:00:00Z",
        "2025-12-18T23:60:00Z",
        "2025-12-18T23:59:60Z",
        "2025-12-18T01:50:00.1234567890Z",
        "2025-12-18T01:50:00ZZ",
        "2025-12-18T01:50:00+19:00",
        "2025-12-18T01:50:00+18:01",
        "2025-12-18T01:50:00+02:60",
        "2025-12-18T01:50:00+0200",
        "2025-12-18T01:50:00+2:00",
        "2025-12-18T01:50:00 Z",
        "2025-12-18T01:50:00Z ",
        "2025-1２-18T01:50:00Z",
        "-025-12-18T01:50:00Z",
        "2025-12-18T01:50:0aZ",
      })
  void shouldRejectWhatJavaTimeRejects(String text) {
    assertThatThrownBy(() -> javaTime(text)).isInstanceOf(DateTimeException.class);
    assertThatThrownBy(() -> WireTime.parse(text)).isInstanceOf(DateTimeException.class);
  }

  @Test
  void shouldFormatAsInstantToStringDoes() {
    Instant[] edges = {
      Instant.EPOCH,
      Instant.ofEpochSecond(-1),
      Instant.ofEpochSecond(0, 1),
      Instant.ofEpochSecond(0, 1_000),
      Instant.ofEpochSecond(0, 1_000_000),
      Instant.ofEpochSecond(0, 100_000_000),
      Instant.ofEpochSecond(0, 999_999_999),
      Instant.ofEpochSecond(YEAR_0),
      Instant.ofEpochSecond(YEAR_0 - 1),
      Instant.ofEpochSecond(YEAR_10000 - 1, 999_999_999),
      Instant.ofEpochSecond(YEAR_10000),
      Instant.MIN,
      Instant.MAX,
      Instant.parse("2024-02-29T12:34:56.789Z"),
    };
    for (Instant time : edges) {
      assertThat(WireTime.format(time)).as("%s", time).isEqualTo(time.toString());
    }
  }

  @Test
  void shouldFormatAndParseRandomInstantsAsJavaTimeDoes() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 100_000; i++) {
      long seconds = random.nextLong(YEAR_0 - 1_000_000, YEAR_10000 + 1_000_000);
      int nanos = switch (i % 4) {
        case 0 -> 0;
        case 1 -> random.nextInt(1_000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1_000;
        default -> random.nextInt(1_000_000_000);
      };
      Instant time = Instant.ofEpochSecond(seconds, nanos);
      String text = WireTime.format(time);
      assertThat(text).isEqualTo(time.toString());
      assertThat(WireTime.parse(text)).isEqualTo(time);
      String shifted =
          OffsetDateTime.ofInstant(time, ZoneOffset.ofHoursMinutes(-5, -30)).toString();
      assertThat(WireTime.parse(shifted)).as(shifted).isEqualTo(javaTime(shifted));
    }
  }

  /** What the codec did before WireTime, with java.time alone. */
  private static Instant javaTime(String text) {
    TemporalAccessor parsed =
        DateTimeFormatter.ISO_DATE_TIME.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
    if (parsed instanceof OffsetDateTime offsetTime) {
      return offsetTime.toInstant();
    }
    return ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
  }
}
