package dev.orchestrator.host.internal;

import dev.orchestrator.core.protocol.ProtocolCodec;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the build's version (from the jar manifest), protocol and Java. */
public final class VersionInfo implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
      "orchestrator-host " + version(),
      "wire protocol " + ProtocolCodec.PROTOCOL_VERSION,
      "Java " + Runtime.version()
    };
  }

  /** The version in the jar's manifest, or {@code dev} when run from classes. */
  public static String version() {
    String version = VersionInfo.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
