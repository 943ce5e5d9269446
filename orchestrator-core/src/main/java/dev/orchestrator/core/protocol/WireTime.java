package dev.orchestrator.core.protocol;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;

/**
 * Reads and writes the protocol's times: ISO-8601 date-times as the wire contract gives them.
 *
 * <p>{@link #parse} accepts exactly what {@link DateTimeFormatter#ISO_DATE_TIME} accepts, with
 * {@code Z}, an offset, or no offset at all (read as UTC); {@link #format} writes exactly what
 * {@link Instant#toString()} writes. Both handle the shapes frames carry ({@code
 * 2025-12-18T01:50:00Z}, {@code 2025-12-18T01:50:00.123+02:00}, {@code
 * 2025-12-18T01:50:00.0000000}) with plain arithmetic and hand everything else to {@code
 * java.time}, which costs several times more per call and was a tenth of the host's CPU per job
 * cycle. Stateless and thread-safe.
 */
public final class WireTime {
  private static final int SECONDS_PER_DAY = 86_400;
  private static final int MAX_OFFSET_HOURS = 18;
  // 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: four-digit years lie between them.
  private static final long FIRST_FOUR_DIGIT_SECOND = -62_167_219_200L;
  private static final long FIRST_FIVE_DIGIT_SECOND = 253_402_300_800L;

  private WireTime() {}

  /**
   * Parses an ISO-8601 date-time with {@code Z} or an offset, or without any offset, which is read
   * as UTC: .NET's {@code DateTime.ToString("O")} writes no offset for a value of unspecified kind,
   * and the seed Unity client sends such values.
   *
   * @param text the date-time; never null
   * @return the instant
   * @throws DateTimeException if the text is not such a date-time
   * @throws NullPointerException if text is null
   */
  public static Instant parse(String text) {
    Instant fast = parseCommon(text);
    return fast != null ? fast : parseAny(text);
  }

  /**
   * Writes an instant as {@link Instant#toString()} does: UTC with {@code Z}, seconds always, and
   * a fraction of 3, 6 or 9 digits only when the instant has one.
   *
   * @param time the instant; never null
   * @return the ISO-8601 text
   * @throws NullPointerException if time is null
   */
  public static String format(Instant time) {
    long seconds = time.getEpochSecond();
    if (seconds < FIRST_FOUR_DIGIT_SECOND || seconds >= FIRST_FIVE_DIGIT_SECOND) {
      return time.toString();
    }
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
    int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
    char[] out = new char[30];
    digits(out, 0, date.getYear(), 4);
    out[4] = '-';
    digits(out, 5, date.getMonthValue(), 2);
    out[7] = '-';
    digits(out, 8, date.getDayOfMonth(), 2);
    out[10] = 'T';
    digits(out, 11, secondOfDay / 3600, 2);
    out[13] = ':';
    digits(out, 14, secondOfDay / 60 % 60, 2);
    out[16] = ':';
    digits(out, 17, secondOfDay % 60, 2);
    int end = fraction(out, 19, time.getNano());
    out[end] = 'Z';
    return new String(out, 0, end + 1);
  }

  /** Writes a nonzero fraction as Instant.toString does: 3, 6 or 9 digits. */
  private static int fraction(char[] out, int at, int nanos) {
    if (nanos == 0) {
      return at;
    }
    out[at] = '.';
    if (nanos % 1_000_000 == 0) {
      digits(out, at + 1, nanos / 1_000_000, 3);
      return at + 4;
    }
    if (nanos % 1_000 == 0) {
      digits(out, at + 1, nanos / 1_000, 6);
      return at + 7;
    }
    digits(out, at + 1, nanos, 9);
    return at + 10;
  }

  private static void digits(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /**
   * {@code yyyy-MM-ddTHH:mm[:ss[.f{1,9}]][Z|+HH:MM|-HH:MM]} with every field in range, or null
   * for anything else (lower-case letters, longer years, second offsets, out-of-range fields),
   * which {@link #parseAny} then accepts or rejects as java.time does.
   */
  private static Instant parseCommon(String text) {
    int length = text.length();
    if (length < 16
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':') {
      return null;
    }
    int year = number(text, 0, 4);
    int month = number(text, 5, 2);
    int day = number(text, 8, 2);
    int hour = number(text, 11, 2);
    int minute = number(text, 14, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23
        || minute < 0 || minute > 59 || day > monthLength(year, month)) {
      return null;
    }
    int at = 16;
    int second = 0;
    int nanos = 0;
    if (at < length && text.charAt(at) == ':') {
      second = number(text, at + 1, 2);
      if (second < 0 || second > 59) {
        return null;
      }
      at += 3;
      if (at < length && text.charAt(at) == '.') {
        int start = ++at;
        while (at < length && at - start < 10 && isDigit(text.charAt(at))) {
          nanos = nanos * 10 + (text.charAt(at) - '0');
          at++;
        }
        int count = at - start;
        if (count == 0 || count > 9) {
          return null;
        }
        for (int i = count; i < 9; i++) {
          nanos *= 10;
        }
      }
    }
    int offsetSeconds = offset(text, at);
    if (offsetSeconds == Integer.MIN_VALUE) {
      return null;
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    long seconds = epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second;
    return Instant.ofEpochSecond(seconds - offsetSeconds, nanos);
  }

  /** The offset in seconds of what ends the text at {@code at}, or MIN_VALUE if not simple. */
  private static int offset(String text, int at) {
    int length = text.length();
    if (at == length) {
      return 0;
    }
    char sign = text.charAt(at);
    if (sign == 'Z' && at + 1 == length) {
      return 0;
    }
    if ((sign != '+' && sign != '-') || at + 6 != length || text.charAt(at + 3) != ':') {
      return Integer.MIN_VALUE;
    }
    int hours = number(text, at + 1, 2);
    int minutes = number(text, at + 4, 2);
    if (hours < 0 || minutes < 0 || minutes > 59 || hours > MAX_OFFSET_HOURS
        || (hours == MAX_OFFSET_HOURS && minutes > 0)) {
      return Integer.MIN_VALUE;
    }
    int total = hours * 3600 + minutes * 60;
    return sign == '-' ? -total : total;
  }

  /** The decimal number of {@code width} digits at {@code at}, or -1 if any is not a digit. */
  private static int number(String text, int at, int width) {
    if (at + width > text.length()) {
      return -1;
    }
    int value = 0;
    for (int i = at; i < at + width; i++) {
      char c = text.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int monthLength(int year, int month) {
    if (month == 2) {
      boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
      return leap ? 29 : 28;
    }
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
  }

  private static Instant parseAny(String text) {
    TemporalAccessor parsed =
        DateTimeFormatter.ISO_DATE_TIME.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
    if (parsed instanceof OffsetDateTime offsetTime) {
      return offsetTime.toInstant();
    }
    return ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
  }
}
