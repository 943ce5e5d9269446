package dev.orchestrator.host.internal;

import dev.orchestrator.host.ServerToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads secrets from files, so they stay off the command line (where {@code ps} shows them) and
 * out of the environment of child processes. Error messages name the file and a line number,
 * never a line's text, since that text is a secret.
 */
public final class SecretFiles {
  private SecretFiles() {}

  /**
   * Server tokens: one per line as {@code token} or {@code token@prefix} (see {@link
   * ServerToken#parse}); blank lines and lines starting with {@code #} are skipped, and
   * surrounding whitespace is dropped.
   *
   * @throws IllegalArgumentException naming the file if it cannot be read, holds no token, or
   *     a line has a bad prefix
   */
  static List<ServerToken> serverTokens(Path file) {
    List<ServerToken> tokens = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<String> lines = lines(file, "--server-token-file");
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int at = line.lastIndexOf('@');
      if (at == 0) {
        problems.add("line " + (i + 1) + ": the token before '@' is empty");
        continue;
      }
      try {
        tokens.add(ServerToken.parse(line));
      } catch (IllegalArgumentException e) {
        problems.add("line " + (i + 1) + ": the server id prefix after the last '@' may only"
            + " hold A-Z a-z 0-9 _ . : - (at most 128)");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("--server-token-file " + file + ": "
          + String.join("; ", problems));
    }
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("--server-token-file " + file + " holds no token"
          + " (one token per line; blank lines and # comments are skipped)");
    }
    return tokens;
  }

  /**
   * The admin token: the one line that is neither blank nor a {@code #} comment.
   *
   * @throws IllegalArgumentException naming the file if it cannot be read or does not hold
   *     exactly one token
   */
  static String adminToken(Path file) {
    List<String> tokens = lines(file, "--admin-token-file").stream()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
    if (tokens.size() != 1) {
      throw new IllegalArgumentException("--admin-token-file " + file + " must hold exactly one"
          + " token line, found " + tokens.size());
    }
    return tokens.get(0);
  }

  /**
   * A password: the whole file without its line ending, so a password may hold any character
   * but a line break.
   *
   * @throws IllegalArgumentException naming the file if it cannot be read or is empty
   */
  public static char[] password(Path file, String option) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw unreadable(file, option, e);
    }
    String password = text.replaceFirst("\r?\n\\z", "");
    if (password.isEmpty()) {
      throw new IllegalArgumentException(option + " " + file + " is empty");
    }
    return password.toCharArray();
  }

  private static List<String> lines(Path file, String option) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw unreadable(file, option, e);
    }
  }

  /**
   * The exception class says why (NoSuchFileException, AccessDeniedException, ...); its
   * message is only the path again, or for bad encoding a fragment that could be a secret.
   */
  private static IllegalArgumentException unreadable(Path file, String option, IOException e) {
    return new IllegalArgumentException(option + " " + file + " cannot be read ("
        + e.getClass().getSimpleName() + ")", e);
  }
}
