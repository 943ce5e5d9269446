package dev.orchestrator.core.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Which code may import what, read from the sources of every module: core depends on no other
 * module and no transport, and no module reaches into another module's {@code internal}.
 */
class ArchitectureTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)");
  private static final Pattern MODULE_PACKAGE = Pattern.compile("^dev\\.orchestrator\\.(\\w+)");

  @Test
  void coreShouldImportNoOtherModuleAndNoTransport() {
    List<String> offending = new ArrayList<>();
    forEachImport(ROOT.resolve("orchestrator-core/src/main/java"), (file, imported) -> {
      if (imported.matches("dev\\.orchestrator\\.(jdbc|redis|host|examples)\\..*")
          || imported.startsWith("org.java_websocket")
          || imported.startsWith("io.lettuce")
          || imported.startsWith("com.zaxxer")
          || imported.startsWith("picocli")) {
        offending.add(file + " imports " + imported);
      }
    });

    assertThat(offending).isEmpty();
  }

  @Test
  void noModuleShouldImportAnotherModulesInternals() {
    List<String> offending = new ArrayList<>();
    for (String module : List.of("orchestrator-core", "orchestrator-jdbc", "orchestrator-redis",
        "orchestrator-host", "examples")) {
      for (String sources : List.of("src/main/java", "src/test/java")) {
        forEachImport(ROOT.resolve(module).resolve(sources), (file, imported) -> {
          String own = moduleOf(packageOf(file));
          String target = moduleOf(imported);
          if (imported.contains(".internal.") && target != null && !target.equals(own)) {
            offending.add(file + " imports " + imported);
          }
        });
      }
    }

    assertThat(offending).isEmpty();
  }

  private static String moduleOf(String name) {
    Matcher matcher = MODULE_PACKAGE.matcher(name);
    return matcher.find() ? matcher.group(1) : null;
  }

  private static String packageOf(Path file) {
    try (Stream<String> lines = Files.lines(ROOT.resolve(file))) {
      return lines.filter(line -> line.startsWith("package "))
          .findFirst()
          .map(line -> line.substring(8).replace(";", "").trim())
          .orElse("");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void forEachImport(Path dir, java.util.function.BiConsumer<Path, String> check) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        for (String line : Files.readAllLines(file)) {
          Matcher matcher = IMPORT.matcher(line);
          if (matcher.find()) {
            check.accept(ROOT.relativize(file), matcher.group(1));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
