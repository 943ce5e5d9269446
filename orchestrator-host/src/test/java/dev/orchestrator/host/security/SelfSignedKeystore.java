package dev.orchestrator.host.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A self-signed EC certificate for localhost and 127.0.0.1, made by the JDK's keytool. */
final class SelfSignedKeystore {
  static final String PASSWORD = "test-keystore-pw";
  private final Path file;

  private SelfSignedKeystore(Path file) {
    this.file = file;
  }

  static SelfSignedKeystore create(Path dir) throws IOException, InterruptedException {
    Path file = dir.resolve("host.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair",
        "-alias", "host", "-keyalg", "EC", "-groupname", "secp256r1", "-storetype", "PKCS12",
        "-keystore", file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD,
        "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2"))
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    return new SelfSignedKeystore(file);
  }

  Path file() {
    return file;
  }

  /** A PKCS#12 trust store holding only this certificate (no key), with {@link #PASSWORD}. */
  Path trustStore(Path dir) throws IOException, GeneralSecurityException {
    Path out = dir.resolve("trust.p12");
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    KeyStore keys = load();
    for (String alias : Collections.list(keys.aliases())) {
      trusted.setCertificateEntry(alias, keys.getCertificate(alias));
    }
    try (OutputStream stream = Files.newOutputStream(out)) {
      trusted.store(stream, PASSWORD.toCharArray());
    }
    return out;
  }

  private KeyStore load() throws IOException, GeneralSecurityException {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      keys.load(in, PASSWORD.toCharArray());
    }
    return keys;
  }

  /** A client context that trusts only this certificate. */
  SSLContext clientContext() throws IOException, GeneralSecurityException {
    KeyStore keys = load();
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    for (String alias : Collections.list(keys.aliases())) {
      trusted.setCertificateEntry(alias, keys.getCertificate(alias));
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(
        TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
