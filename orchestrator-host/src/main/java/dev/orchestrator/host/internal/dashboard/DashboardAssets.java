package dev.orchestrator.host.internal.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's files, read once from {@code /dashboard/} on the class path (they ship in
 * the host's jar). Only the files named here are served, so no path from a request ever
 * reaches the class loader. Immutable and thread-safe.
 */
public final class DashboardAssets {
  private static final Map<String, String> TYPES = Map.of(
      "index.html", "text/html; charset=utf-8",
      "app.js", "text/javascript; charset=utf-8",
      "app.css", "text/css; charset=utf-8");

  private final Map<String, Asset> assets;

  /**
   * Reads every file.
   *
   * @throws IllegalStateException if one is missing from the class path (a broken build)
   */
  public DashboardAssets() {
    Map<String, Asset> loaded = new HashMap<>();
    TYPES.forEach((name, type) -> loaded.put(name, new Asset(type, read(name))));
    this.assets = Map.copyOf(loaded);
  }

  /** The file called {@code name} ({@code index.html}, {@code app.js}, {@code app.css}). */
  public Optional<Asset> find(String name) {
    return Optional.ofNullable(assets.get(name));
  }

  private static byte[] read(String name) {
    try (InputStream in = DashboardAssets.class.getResourceAsStream("/dashboard/" + name)) {
      if (in == null) {
        throw new IllegalStateException("dashboard file /dashboard/" + name
            + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dashboard file " + name, e);
    }
  }

  /**
   * One file.
   *
   * @param contentType its {@code Content-Type}
   * @param body its bytes; callers must not modify them
   */
  public record Asset(String contentType, byte[] body) { }
}
