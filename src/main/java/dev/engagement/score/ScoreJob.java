package dev.engagement.score;

import dev.engagement.score.backtest.BacktestJob;
import dev.engagement.score.cli.Cli;
import dev.engagement.score.cli.CommandLine;
import dev.engagement.score.cli.Launcher;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SettingsLoader;
import dev.engagement.score.core.plugin.Feature;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.core.table.PathConflicts;
import dev.engagement.score.core.table.SummaryFile;
import dev.engagement.score.core.weights.WeightSource;
import dev.engagement.score.maintain.MaintainCommand;
import dev.engagement.score.model.Period;
import dev.engagement.score.preview.WeightPreviewCommand;
import dev.engagement.score.run.Features;
import dev.engagement.score.run.Previews;
import dev.engagement.score.run.Reads;
import dev.engagement.score.run.RunIds;
import dev.engagement.score.run.RunSummary;
import dev.engagement.score.run.ScoreRun;
import java.time.Clock;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The engagement-score job: settings -> inputs read and checked -> score -> each enabled feature's
 * step -> publish (the score table, then the companions) -> one run summary ({@link ScoreRun}).
 * Prints the summary as a one-line JSON object, the last line of stdout; exits 0 on success, 2 on
 * bad input (a message saying what to fix), 1 on any other failure.
 */
public final class ScoreJob {
  private ScoreJob() {}

  /**
   * Runs the command line and exits with its code; on a Databricks cluster returns on success and
   * throws on failure instead ({@link Launcher#end}).
   */
  public static void main(String[] args) {
    Launcher.end(launch(args), System.getenv(), System::exit);
  }

  /**
   * Runs the command line {@code args}: {@code [score] FLAGS}, {@code preview-weights FLAGS},
   * {@code backtest FLAGS}, {@code maintain FLAGS}, {@code --help} or {@code --version} ({@link
   * Cli}); prints its output and returns its exit code.
   */
  public static int launch(String[] args) {
    return Launcher.launch(args, COMMANDS);
  }

  /** The job's commands, for {@link Launcher}. */
  public static final Launcher.Commands COMMANDS =
      new Launcher.Commands(
          ScoreJob::command,
          WeightPreviewCommand::command,
          BacktestJob::command,
          MaintainCommand::command);

  /** The job as a command ({@link #command(CommandLine)}), its arguments not yet parsed. */
  public static Launcher.Prepared command(String[] args) {
    return command(CommandLine.parse(args));
  }

  /**
   * The job as a command: its arguments parsed and its settings loaded and checked, the features'
   * included, without Spark; what it does once a session exists. Prints nothing: {@link Launcher}
   * does.
   */
  public static Launcher.Prepared command(CommandLine cli) {
    // First, so that the JSON log layout tags every line with it: Hadoop's and Spark's too.
    String runId = RunIds.next();
    JobSettings settings = SettingsLoader.load(cli.configFiles(), cli.overrides());
    ScoreRules rules = ScoreRules.from(settings);
    List<Feature> features = Features.of(settings, rules);
    if (cli.printConfig()) {
      return new Launcher.Done(settings.effectiveConfig().stripTrailing());
    }
    List<Period> periods = cli.periods(settings, Clock.systemUTC());
    return spark -> {
      String summary =
          ScoreRun.run(
                  spark, new ScoreRun.Plan(runId, settings, rules, features, periods, cli.paths()))
              .toJson();
      cli.summaryPath().ifPresent(path -> SummaryFile.write(spark, path, summary));
      return summary;
    };
  }

  /**
   * Scores {@code periods} and writes them ({@link ScoreRun}). The session must run in UTC with
   * Delta enabled.
   */
  public static RunSummary run(SparkSession spark, JobSettings settings, List<Period> periods) {
    ScoreRules rules = ScoreRules.from(settings);
    return ScoreRun.run(
        spark,
        new ScoreRun.Plan(
            RunIds.next(),
            settings,
            rules,
            Features.of(settings, rules),
            periods,
            PathConflicts.Uses.NONE));
  }

  /**
   * What a run with these command-line arguments would score, computed by the job's own code and
   * written nowhere: for notebooks ("what if the weights or tiers were different?") and checks.
   * Takes the job's flags ({@code --config}, {@code --date}, {@code --weights}, {@code --set
   * tiers.rules=...}); skips the reject-ratio and empty-period checks. The session must run in UTC.
   */
  public static Dataset<Row> preview(SparkSession spark, List<String> args) {
    CommandLine cli = CommandLine.parse(args.toArray(String[]::new));
    JobSettings settings = SettingsLoader.load(cli.configFiles(), cli.overrides());
    List<Period> periods = cli.periods(settings, Clock.systemUTC());
    ScoreRules rules = ScoreRules.from(settings);
    WeightSource.WeightTable weights =
        Reads.weights(spark, rules, settings.weights(), WeightSource.SETTING);
    return Previews.of(spark, settings, rules, periods, List.of(weights)).scores().get(0);
  }
}
