package dev.orchestrator.host.internal;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * This process's open-files limit, which caps the connections it can hold (one file descriptor
 * each). HotSpot on Linux raises the soft limit to the hard limit at start ({@code
 * -XX:+MaxFDLimit}, the default), so there is nothing left to raise from Java; what is left is
 * to tell the operator when a limit is low and how to lift it.
 *
 * @param soft the limit in force, or -1 when unknown (not a Unix system)
 * @param hard the most the soft limit may be raised to without privileges, or -1 when unknown
 */
public record OpenFiles(long soft, long hard) {
  /** Descriptors a process needs besides connections: jars, logs, listeners, store pools. */
  public static final long RESERVED = 100;
  private static final long LOW = 65_536;
  private static final Path LIMITS = Path.of("/proc/self/limits");

  /** The limits of this process now. */
  public static OpenFiles current() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    long soft = os instanceof UnixOperatingSystemMXBean unix
        ? unix.getMaxFileDescriptorCount() : -1;
    return new OpenFiles(soft, hardFromProc().orElse(soft));
  }

  /** Open file descriptors now, or -1 when unknown. */
  public static long inUse() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof UnixOperatingSystemMXBean unix ? unix.getOpenFileDescriptorCount() : -1;
  }

  /** One line for the log: the limit and, when it is low, how to raise it. */
  public String describe() {
    if (soft < 0) {
      return "open files: limit unknown on this system";
    }
    String line = "open files: limit " + soft + " (hard " + hard + "), room for about "
        + Math.max(0, soft - RESERVED) + " connections";
    if (soft < hard) {
      line += "; the JVM did not raise it to the hard limit (-XX:-MaxFDLimit?): start with"
          + " ulimit -n " + hard;
    }
    if (soft < LOW) {
      line += "; to allow more, raise the hard limit: LimitNOFILE= (systemd), --ulimit nofile="
          + " (docker) or /etc/security/limits.conf";
    }
    return line;
  }

  private static OptionalLong hardFromProc() {
    try {
      List<String> lines = Files.readAllLines(LIMITS);
      for (String line : lines) {
        if (line.startsWith("Max open files")) {
          String[] fields = line.substring("Max open files".length()).trim().split("\\s+");
          return fields[1].equals("unlimited") ? OptionalLong.of(Long.MAX_VALUE)
              : OptionalLong.of(Long.parseLong(fields[1]));
        }
      }
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }
}
