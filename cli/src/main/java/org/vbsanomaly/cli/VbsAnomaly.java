package org.vbsanomaly.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code vbs-anomaly} command line. Each subcommand is its own class. */
@Command(
    name = "vbs-anomaly",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Anomaly detection in same-sign WW scattering events with variational autoencoders.",
    subcommands = {
      CommandLine.HelpCommand.class,
      BenchCommand.class,
      FeaturesCommand.class,
      ScoreCommand.class,
      SensitivityCommand.class,
      ServeCommand.class,
      DemoCommand.class,
      SplitCommand.class,
      TrainCommand.class,
      TrainClassifierCommand.class
    })
public final class VbsAnomaly {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status (for tests and embedding). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new VbsAnomaly());
    ErrorHandler errors = new ErrorHandler();
    // execute() on the root hands every subcommand's errors to these.
    cl.setExecutionExceptionHandler(errors);
    cl.setParameterExceptionHandler(errors);
    return cl;
  }
}
