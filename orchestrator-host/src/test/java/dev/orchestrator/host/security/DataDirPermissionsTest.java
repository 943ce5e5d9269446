package dev.orchestrator.host.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orchestrator.host.HostConfig;
import dev.orchestrator.host.internal.ServeCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DataDirPermissionsTest {
  @Test
  void shouldCreateTheH2DataDirectoryReadableByTheServiceUserOnly(@TempDir Path dir)
      throws IOException {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
        "POSIX permissions only");
    Path dataDir = dir.resolve("nested").resolve("data");
    ServeCommand serve = new ServeCommand(Map.of());
    new CommandLine(serve).setCaseInsensitiveEnumValuesAllowed(true)
        .parseArgs("--store", "h2", "--data-dir", dataDir.toString());
    HostConfig config = serve.toConfig();
    try {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)))
          .isEqualTo("rwx------");
    } finally {
      config.store().close();
    }
  }
}
