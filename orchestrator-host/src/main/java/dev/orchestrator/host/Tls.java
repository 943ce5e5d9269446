package dev.orchestrator.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Collections;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds TLS contexts from PKCS#12 files: the server side the host's listeners serve with, and
 * the client side a {@link dev.orchestrator.host.client.GameServerClient} trusts a host with.
 */
public final class Tls {
  private Tls() {}

  /**
   * A TLS context serving the key and certificate chain in a PKCS#12 keystore. The password is
   * used for the store and its key, as {@code keytool} writes PKCS#12 files; the array is
   * cleared before returning.
   *
   * @throws IllegalArgumentException naming the file (never the password) if it cannot be read,
   *     is not PKCS#12, the password is wrong or it holds no private key
   */
  public static SSLContext fromPkcs12(Path keystore, char[] password) {
    return open(keystore, password, "keystore", store -> {
      boolean hasKey = false;
      for (String alias : Collections.list(store.aliases())) {
        hasKey |= store.isKeyEntry(alias);
      }
      if (!hasKey) {
        throw new IllegalArgumentException("TLS keystore " + keystore
            + " holds no private key (make one with keytool -genkeypair)");
      }
      KeyManagerFactory keys = KeyManagerFactory.getInstance(
          KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    });
  }

  /**
   * A client TLS context that trusts exactly the certificates in a PKCS#12 trust store: its
   * trusted-certificate entries, and the certificates of its key entries (so the host's own
   * keystore also works, for example in a test). Use it for a host whose certificate is
   * self-signed or from a private CA; the host name is still checked against the certificate.
   * The array is cleared before returning.
   *
   * @throws IllegalArgumentException naming the file (never the password) if it cannot be read,
   *     is not PKCS#12, the password is wrong or it holds no certificate
   */
  public static SSLContext trustStore(Path truststore, char[] password) {
    return open(truststore, password, "trust store", store -> {
      if (store.size() == 0) {
        throw new IllegalArgumentException("TLS trust store " + truststore
            + " holds no certificate (add one with keytool -importcert)");
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(
          TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    });
  }

  /** Loads a PKCS#12 file and builds a context from it; clears the password either way. */
  private static SSLContext open(Path file, char[] password, String what, ContextFactory build) {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      return build.from(store);
    } catch (IOException e) {
      // KeyStore.load reports a wrong password as an IOException caused by an
      // UnrecoverableKeyException; either way the fix is the file or its password.
      throw new IllegalArgumentException("cannot read TLS " + what + " " + file
          + " (is it PKCS#12 and the password right?): " + describe(e), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot use TLS " + what + " " + file + ": "
          + describe(e), e);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private interface ContextFactory {
    SSLContext from(KeyStore store) throws GeneralSecurityException;
  }

  private static String describe(Exception e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
