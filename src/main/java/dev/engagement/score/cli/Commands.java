package dev.engagement.score.cli;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.model.UserInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The commands picocli parses: {@code engagement-score} and its subcommands, each with its flags
 * and help. The scoring job's flags are {@link ScoreOptions}'s; {@code preview-weights} and {@code
 * backtest} take them too, plus their own.
 */
final class Commands {
  static final String FOOTER_EXIT_CODES =
      "Exit codes: 0 success, 2 bad input (ERROR: <problem and fix> on stderr), 1 any other"
          + " failure.";

  private Commands() {}

  /** A subcommand: what its parsed flags ask for, once they are checked. */
  interface Subcommand {
    /** Throws {@link UserInputException} when the flags do not go together. */
    Invocation invocation();
  }

  @Command(
      name = "engagement-score",
      mixinStandardHelpOptions = true,
      versionProvider = Versions.class,
      synopsisSubcommandLabel = "[COMMAND]",
      customSynopsis = "engagement-score [-hV] [COMMAND] [FLAG]...",
      optionListHeading = "%nFlags:%n",
      footerHeading = "%n",
      description = {
        "Weighted customer engagement scores: events + weights -> a scored Delta table.",
        "Without a COMMAND it runs score: 'engagement-score --date D' is"
            + " 'engagement-score score --date D'."
      },
      commandListHeading = "%nCommands:%n",
      footer = {"Run 'engagement-score COMMAND --help' for a command's flags.", FOOTER_EXIT_CODES},
      subcommands = {Score.class, Preview.class, Backtest.class, Maintain.class})
  static final class Top {}

  @Command(
      name = CommandLine.COMMAND,
      mixinStandardHelpOptions = true,
      versionProvider = Versions.class,
      sortOptions = false,
      customSynopsis = "engagement-score score [FLAG]...",
      optionListHeading = "%nFlags:%n",
      footerHeading = "%n",
      header = "Scores the periods and writes them to the Delta table (the default command).",
      footer = {
        "Which periods: --date D scores the period containing D; --from D1 --to D2 every period"
            + " overlapping D1..D2; with neither, the setting `date`, else the period containing"
            + " yesterday in the business time zone.",
        "Settings: the built-in defaults, then each --config file in order, then the flags; of"
            + " two flags for one key the last wins.",
        "Prints a one-line JSON run summary as the last line of stdout.",
        FOOTER_EXIT_CODES
      })
  static final class Score implements Subcommand {
    @Mixin ScoreOptions job;

    @Override
    public Invocation invocation() {
      return new Invocation.Score(job.commandLine());
    }
  }

  @Command(
      name = PreviewCommandLine.NAME,
      mixinStandardHelpOptions = true,
      versionProvider = Versions.class,
      sortOptions = false,
      customSynopsis = "engagement-score preview-weights [FLAG]...",
      optionListHeading = "%nFlags:%n",
      footerHeading = "%n",
      header = "Shows which customers change tier under proposed weights; writes no scores.",
      description =
          "Scores the period(s) with the current and with proposed weights from one read of the"
              + " events, writes no score table, and prints the tier-migration matrix and the"
              + " customers who move most, then a one-line JSON summary. See"
              + " docs/weight-preview.md.",
      footer = FOOTER_EXIT_CODES)
  static final class Preview implements Subcommand {
    @Mixin ScoreOptions job;
    private String proposedWeights;

    @Option(
        names = PreviewCommandLine.PROPOSED_WEIGHTS_FLAG,
        paramLabel = "PATH",
        order = 1,
        description =
            "required: the weight table to compare with weights.path (CSV, Parquet or Delta, read"
                + " with weights.format and checked like the weights)")
    void proposedWeights(String path) {
      proposedWeights = path.strip();
    }

    @Option(
        names = "--top",
        paramLabel = "N",
        order = 2,
        description = "preview.top: list the N customers per period whose raw score changes most")
    void top(String n) {
      job.override(ConfigKeys.PREVIEW_TOP, n);
    }

    @Option(
        names = "--report",
        paramLabel = "PATH",
        order = 3,
        description = "preview.report_path: also write the matrix and the movers to this table")
    void report(String path) {
      job.override(ConfigKeys.PREVIEW_REPORT_PATH, path);
    }

    @Override
    public Invocation invocation() {
      if (proposedWeights == null || proposedWeights.isEmpty()) {
        throw new UserInputException(
            PreviewCommandLine.NAME
                + " needs "
                + PreviewCommandLine.PROPOSED_WEIGHTS_FLAG
                + " PATH: the weight table to compare with the current weights (weights.path).");
      }
      return new Invocation.Preview(new PreviewCommandLine(job.commandLine(), proposedWeights));
    }
  }

  @Command(
      name = BacktestCommandLine.COMMAND,
      mixinStandardHelpOptions = true,
      versionProvider = Versions.class,
      sortOptions = false,
      customSynopsis = "engagement-score backtest [FLAG]...",
      optionListHeading = "%nFlags:%n",
      footerHeading = "%n",
      header = "Do the stored scores predict churn? Churn per tier and decile, AUC, weights.",
      description =
          "Tests the scores of every period overlapping"
              + " --from..--to (read from output.path; the events from events.path, for suggested"
              + " weights) against the outcomes. Prints a report, then a one-line JSON summary as"
              + " the last line. See docs/backtesting.md.",
      footer = FOOTER_EXIT_CODES)
  static final class Backtest implements Subcommand {
    @Mixin ScoreOptions job;

    @Option(
        names = "--outcomes",
        paramLabel = "PATH",
        order = 1,
        description =
            "backtest.outcomes.path: the outcome table (customer_id, outcome churned|renewed,"
                + " outcome_date): CSV, Parquet or Delta")
    void outcomes(String path) {
      job.override(ConfigKeys.BACKTEST_OUTCOMES_PATH, path);
    }

    @Option(
        names = "--horizon-days",
        paramLabel = "N",
        order = 2,
        description =
            "backtest.horizon_days: an outcome within N days after a period's end labels it"
                + " (default 90)")
    void horizonDays(String n) {
      job.override(ConfigKeys.BACKTEST_HORIZON_DAYS, n);
    }

    @Option(
        names = "--report",
        paramLabel = "PATH",
        order = 3,
        description = "backtest.report.path: also write the report rows to this Delta table")
    void report(String path) {
      job.override(ConfigKeys.BACKTEST_REPORT_PATH, path);
    }

    @Override
    public Invocation invocation() {
      return new Invocation.Backtest(job.commandLine());
    }
  }

  @Command(
      name = Invocation.Maintain.COMMAND,
      mixinStandardHelpOptions = true,
      versionProvider = Versions.class,
      sortOptions = false,
      customSynopsis = "engagement-score maintain [FLAG]...",
      optionListHeading = "%nFlags:%n",
      footerHeading = "%n",
      header = "Compacts and vacuums the score table and its companions (OPTIMIZE, VACUUM).",
      description =
          "Runs OPTIMIZE, then VACUUM, on every table a scoring run with the same settings writes"
              + " (the score table, the audit table, each companion turned on); a table not"
              + " written yet is listed as absent. Takes the score command's settings flags, not"
              + " its periods. Prints a one-line JSON summary. See docs/maintenance.md.",
      footer = FOOTER_EXIT_CODES)
  static final class Maintain implements Subcommand {
    @Mixin ScoreOptions job;

    @Option(
        names = "--retention-hours",
        paramLabel = "N",
        order = 1,
        description =
            "maintain.retention_hours: VACUUM keeps the files of the last N hours' versions"
                + " (default 168, Delta's 7 days; less needs --force)")
    void retentionHours(String n) {
      job.override(ConfigKeys.MAINTAIN_RETENTION_HOURS, n);
    }

    @Option(
        names = "--force",
        order = 2,
        description =
            "maintain.force: allow a retention below 168 hours or below a table's own"
                + " delta.deletedFileRetentionDuration")
    void force(boolean force) {
      job.override(ConfigKeys.MAINTAIN_FORCE, String.valueOf(force));
    }

    @Override
    public Invocation invocation() {
      CommandLine cli = job.commandLine();
      if (cli.date().isPresent() || cli.from().isPresent() || cli.to().isPresent()) {
        throw new UserInputException(
            Invocation.Maintain.COMMAND
                + " works on whole tables, not periods: drop --date, --from and --to.");
      }
      return new Invocation.Maintain(cli);
    }
  }
}
