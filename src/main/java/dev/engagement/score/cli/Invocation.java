package dev.engagement.score.cli;

/**
 * What a command line asks for, parsed and checked without Spark: a command to run with its parsed
 * flags, or text to print (help, version).
 */
public sealed interface Invocation {

  /**
   * {@code --help} or {@code --version}: the text to print on stdout; exits 0, Spark never starts.
   */
  record Info(String text) implements Invocation {}

  /** {@code score} (also without a command name): score and write the periods. */
  record Score(CommandLine cli) implements Invocation {}

  /** {@code preview-weights}: compare current and proposed weights, writing no scores. */
  record Preview(PreviewCommandLine cli) implements Invocation {}

  /** {@code backtest}: do the stored scores predict churn? Its flags set its settings. */
  record Backtest(CommandLine cli) implements Invocation {}

  /** {@code maintain}: OPTIMIZE and VACUUM the tables a scoring run writes. */
  record Maintain(CommandLine cli) implements Invocation {
    /** The command's name. */
    public static final String COMMAND = "maintain";
  }
}
