package dev.engagement.score.cli;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.model.UserInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The backtest command's arguments: the job's own ({@link CommandLine}: {@code --config}, {@code
 * --from/--to}, {@code --set}, ...) plus three that set its keys, so that flags and config files
 * combine as for scoring (the last of two settings of one key wins).
 */
public final class BacktestCommandLine {
  /** The first argument that selects this command: {@code jobs/run-local backtest ...}. */
  public static final String COMMAND = "backtest";

  private static final Map<String, String> FLAGS =
      Map.of(
          "--outcomes", ConfigKeys.BACKTEST_OUTCOMES_PATH,
          "--horizon-days", ConfigKeys.BACKTEST_HORIZON_DAYS,
          "--report", ConfigKeys.BACKTEST_REPORT_PATH);

  public static final String USAGE =
      """
      Usage: engagement-score backtest [--config FILE]... --outcomes PATH
                                       [--from YYYY-MM-DD --to YYYY-MM-DD | --date YYYY-MM-DD]
                                       [--horizon-days N] [--report PATH] [--set KEY=VALUE]...
        --outcomes PATH     outcome table (customer_id, outcome churned|renewed, outcome_date):
                            CSV, Parquet or Delta (backtest.outcomes.path)
        --from D1 --to D2   test the stored scores of every period overlapping D1..D2
        --horizon-days N    an outcome within N days after a period's end labels it (default 90)
        --report PATH       also write the report rows to this Delta table (backtest.report.path)
      Reads the scores from output.path and the events from events.path (for suggested weights).
      Prints a report, then a one-line JSON summary as the last line. See docs/backtesting.md.""";

  private BacktestCommandLine() {}

  /** Parses the arguments after {@link #COMMAND}; throws {@link UserInputException} when bad. */
  public static CommandLine parse(String[] args) {
    List<String> translated = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      int eq = flag.indexOf('=');
      String name = flag.startsWith("--") && eq > 0 ? flag.substring(0, eq) : flag;
      String key = FLAGS.get(name);
      if (key == null) {
        translated.add(flag);
      } else if (eq > 0) {
        translated.add("--set");
        translated.add(key + "=" + flag.substring(eq + 1));
      } else if (i + 1 < args.length) {
        translated.add("--set");
        translated.add(key + "=" + args[++i]);
      } else {
        throw new UserInputException("Flag " + flag + " needs a value.\n" + USAGE);
      }
    }
    try {
      return CommandLine.parse(translated.toArray(String[]::new));
    } catch (UserInputException e) {
      // CommandLine's message shows the scoring usage: show this command's instead.
      throw new UserInputException(
          e.getMessage()
              .replace(CommandLine.USAGE, USAGE)
              .replace(CommandLine.USAGE.strip(), USAGE),
          e);
    }
  }
}
