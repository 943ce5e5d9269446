package dev.orchestrator.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The database a JDBC benchmark runs on: H2 in a file of its own temporary directory, or a
 * fresh schema of the local PostgreSQL; emptied on open, and removed with its files on close.
 */
final class BenchDatabase implements AutoCloseable {
  final TestDatabase db;
  private final Path directory;

  private BenchDatabase(TestDatabase db, Path directory) {
    this.db = db;
    this.directory = directory;
  }

  /** Opens {@code "h2"} or {@code "postgresql"}, empty. */
  static BenchDatabase open(String database) throws IOException {
    Path directory = null;
    TestDatabase db;
    if (database.equals("h2")) {
      directory = Files.createTempDirectory("jdbc-bench");
      db = TestDatabase.h2File(directory);
    } else {
      db = TestDatabase.postgres();
    }
    db.clear();
    return new BenchDatabase(db, directory);
  }

  @Override
  public void close() throws IOException {
    db.close();
    if (directory != null) {
      try (Stream<Path> files = Files.walk(directory)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
  }
}
