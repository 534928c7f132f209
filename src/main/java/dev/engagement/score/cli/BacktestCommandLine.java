package dev.engagement.score.cli;

import dev.engagement.score.model.UserInputException;

/**
 * The backtest command's arguments: the job's own ({@link CommandLine}: {@code --config}, {@code
 * --from/--to}, {@code --set}, ...) plus three that set its keys ({@code --outcomes}, {@code
 * --horizon-days}, {@code --report}), so that flags and config files combine as for scoring (the
 * last of two settings of one key wins).
 */
public final class BacktestCommandLine {
  /** The first argument that selects this command: {@code jobs/run-local backtest ...}. */
  public static final String COMMAND = "backtest";

  private BacktestCommandLine() {}

  /** Parses the arguments after {@link #COMMAND}; throws {@link UserInputException} when bad. */
  public static CommandLine parse(String[] args) {
    return Cli.parseCommand(COMMAND, args, Invocation.Backtest.class).cli();
  }
}
