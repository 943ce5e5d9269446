package dev.orchestrator.host;

import dev.orchestrator.host.internal.ConfigDefaults;
import dev.orchestrator.host.internal.ServeCommand;
import dev.orchestrator.host.internal.VersionInfo;
import dev.orchestrator.host.internal.simulator.SimulateCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The command line: {@code java -jar orchestrator-host.jar serve [options]}. Exit codes: 0
 * success, 1 runtime failure (for example a port in use), 2 bad usage.
 */
public final class HostMain {
  private HostMain() {}

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), new PrintWriter(System.out, true),
        new PrintWriter(System.err, true)));
  }

  /**
   * Runs the command line without exiting; {@code serve} returns only when the host stops.
   *
   * @param env the environment to read {@code ORCHESTRATOR_*} variables from
   * @return the exit code
   */
  public static int run(String[] args, Map<String, String> env, PrintWriter out,
      PrintWriter err) {
    CommandLine cli = new CommandLine(new Root(), serveWithEnv(env))
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setOut(out)
        .setErr(err)
        .setParameterExceptionHandler(HostMain::usageError)
        .setExecutionExceptionHandler((e, line, parsed) -> {
          line.getErr().println("error: " + e.getMessage());
          return CommandLine.ExitCode.SOFTWARE;
        });
    Map<String, String> fileValues;
    try {
      fileValues = configFile(args, env, cli);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    cli.setDefaultValueProvider(new ConfigDefaults(env, fileValues));
    return cli.execute(args);
  }

  /** Hands the commands the environment the caller passed, which holds secrets they read. */
  private static CommandLine.IFactory serveWithEnv(Map<String, String> env) {
    CommandLine.IFactory fallback = CommandLine.defaultFactory();
    return new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        if (cls == ServeCommand.class) {
          return cls.cast(new ServeCommand(env));
        }
        return cls == SimulateCommand.class ? cls.cast(new SimulateCommand(env))
            : fallback.create(cls);
      }
    };
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine line = e.getCommandLine();
    PrintWriter err = line.getErr();
    err.println("error: " + e.getMessage());
    UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Run '" + line.getCommandSpec().qualifiedName() + " --help' for the options.");
    return line.getCommandSpec().exitCodeOnInvalidInput();
  }

  private static Map<String, String> configFile(String[] args, Map<String, String> env,
      CommandLine cli) {
    String path = env.get(ConfigDefaults.ENV_PREFIX + "CONFIG");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        path = args[i + 1];
      } else if (args[i].startsWith("--config=")) {
        path = args[i].substring("--config=".length());
      }
    }
    if (path == null || path.isBlank()) {
      return Map.of();
    }
    CommandSpec serve = cli.getSubcommands().get("serve").getCommandSpec();
    Set<String> known = serve.options().stream()
        .map(OptionSpec::longestName)
        .map(name -> name.replaceFirst("^-+", ""))
        .filter(name -> !Set.of("help", "version", "config").contains(name))
        .collect(Collectors.toSet());
    return ConfigDefaults.readFile(Path.of(path), known);
  }

  /** The top-level command; it only holds the subcommands. */
  @Command(
      name = "orchestrator-host",
      mixinStandardHelpOptions = true,
      versionProvider = VersionInfo.class,
      description = "Hands rounds of game maps to connected game servers.",
      subcommands = {ServeCommand.class, SimulateCommand.class, CommandLine.HelpCommand.class})
  static final class Root implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      throw new ParameterException(spec.commandLine(),
          "missing command; to start the host type: orchestrator-host serve");
    }
  }
}
