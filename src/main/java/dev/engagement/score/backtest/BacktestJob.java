package dev.engagement.score.backtest;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engagement.score.cli.BacktestCommandLine;
import dev.engagement.score.cli.CommandLine;
import dev.engagement.score.cli.Launcher;
import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SettingsLoader;
import dev.engagement.score.config.TierRules;
import dev.engagement.score.core.events.EventSource;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.core.scoring.ScoringPipeline;
import dev.engagement.score.core.table.PathConflicts;
import dev.engagement.score.core.table.RunSession;
import dev.engagement.score.core.table.ScoreTable;
import dev.engagement.score.core.table.StoredScores;
import dev.engagement.score.core.table.SummaryFile;
import dev.engagement.score.core.weights.PeriodWeights;
import dev.engagement.score.core.weights.WeightSource;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.DateSpan;
import dev.engagement.score.model.JobVersion;
import dev.engagement.score.model.Period;
import dev.engagement.score.model.UserInputException;
import dev.engagement.score.run.Reads;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The backtest command ({@code jobs/run-local backtest ...}): do the stored scores of a date range
 * predict churn? Labels each scored row with its customer's outcome within the horizon, then
 * reports churn per tier and score decile, the AUC of the raw score, and weights suggested by a
 * logistic regression on the job's own event counts. See docs/backtesting.md.
 */
public final class BacktestJob {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BacktestJob() {}

  /**
   * The command with its arguments parsed ({@link BacktestCommandLine}): settings loaded and
   * checked, without Spark; what it does once a session exists (prints the report, returns the JSON
   * summary).
   */
  public static Launcher.Prepared command(CommandLine cli) {
    JobSettings settings = SettingsLoader.load(cli.configFiles(), cli.overrides());
    if (cli.printConfig()) {
      return new Launcher.Done(settings.effectiveConfig().stripTrailing());
    }
    List<Period> periods = cli.periods(settings, Clock.systemUTC());
    OutcomeSource.path(settings.backtest());
    ScoreRules.from(settings); // checked too, before Spark starts: the suggested weights use them
    return spark -> {
      Result result = run(spark, settings, periods, cli.paths());
      System.out.println(result.text());
      String summary = result.summaryJson();
      cli.summaryPath().ifPresent(path -> SummaryFile.write(spark, path, summary));
      return summary;
    };
  }

  /**
   * What a backtest found. The datasets are small (a row per tier, decile or event type) and
   * cached.
   *
   * @param overall one row: labelled rows, churned, churn rate, AUC ({@link Backtest#auc})
   * @param tiers churn per tier, in the configured tier order (other stored tiers last)
   * @param deciles churn per score decile, 1 (lowest scores) to 10
   * @param weights current and suggested weight per event type
   * @param summary the one-line JSON summary's fields
   */
  public record Result(
      Dataset<Row> overall,
      Dataset<Row> tiers,
      Dataset<Row> deciles,
      Dataset<Row> weights,
      Map<String, Object> summary) {

    /** The summary as one line of JSON. */
    public String summaryJson() {
      try {
        return JSON.writeValueAsString(summary);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }

    /** A readable report: the summary, then the three tables. */
    public String text() {
      StringBuilder out = new StringBuilder();
      out.append(
          String.format(
              "Backtest of %s scores %s, horizon %s days: %s scored rows, %s labelled (%s"
                  + " without an outcome in the horizon, left out), %s churned (rate %s)%n"
                  + "AUC of raw_score predicting no churn: %s (0.5 = chance, 1 = perfect)%n",
              summary.get("period_kind"),
              summary.get("periods"),
              summary.get("horizon_days"),
              summary.get("rows_scored"),
              summary.get("rows_labelled"),
              summary.get("rows_unlabelled"),
              summary.get("churned"),
              summary.get("churn_rate"),
              summary.get("auc")));
      out.append("\nChurn per tier:\n").append(table(tiers));
      out.append("\nChurn per raw_score decile within each period (1 = lowest):\n")
          .append(table(deciles));
      out.append(
              "\nSuggested weights (SUGGESTIONS: correlation, not causation; logistic regression of"
                  + " churn on per-type counts, standardized, L2 "
                  + SuggestedWeights.REGULARIZATION
                  + "; -coefficient rescaled so the largest |suggestion| equals the largest"
                  + " |current weight|):\n")
          .append(table(weights));
      return out.toString();
    }
  }

  /**
   * For notebooks: {@link #run} with the command's flags, e.g. {@code --from}, {@code --outcomes}.
   */
  public static Result preview(SparkSession spark, List<String> args) {
    CommandLine cli = BacktestCommandLine.parse(args.toArray(String[]::new));
    JobSettings settings = SettingsLoader.load(cli.configFiles(), cli.overrides());
    return run(spark, settings, cli.periods(settings, Clock.systemUTC()));
  }

  /**
   * Backtests the stored scores of {@code periods} (from {@code output.path}) against the outcomes,
   * and writes the report table when {@code backtest.report.path} is set. The session must run in
   * UTC with Delta enabled.
   */
  public static Result run(SparkSession spark, JobSettings settings, List<Period> periods) {
    return run(spark, settings, periods, PathConflicts.Uses.NONE);
  }

  /**
   * {@link #run(SparkSession, JobSettings, List)}, also checking the paths the command line itself
   * reads and writes ({@code cli}) against the command's. The report's commit is tagged with the
   * backtest's run id ({@link RunSession}).
   */
  public static Result run(
      SparkSession caller, JobSettings settings, List<Period> periods, PathConflicts.Uses cli) {
    SparkSession spark = RunSession.tagged(caller, UUID.randomUUID().toString());
    PathConflicts.check(spark, paths(settings).plus(cli));
    JobSettings.Backtest backtest = settings.backtest();
    Dataset<Row> outcomes = OutcomeSource.read(spark, backtest).cache();
    Optional<String> reportPath =
        backtest.reportPath().map(path -> ScoreTable.check(spark, path, BacktestReport.LAYOUT));
    Dataset<Row> labelled =
        StoredScores.scores(spark, ScoreTable.location(settings).qualified(spark), periods)
            .select(
                col(Columns.CUSTOMER_ID),
                col(Columns.PERIOD_KIND),
                col(Columns.PERIOD_START),
                col(Columns.PERIOD_END),
                col(Columns.RAW_SCORE),
                col(Columns.TIER))
            .transform(s -> Backtest.deciles(s, Columns.RAW_SCORE))
            .transform(s -> Backtest.label(s, outcomes, backtest.horizonDays()))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return measure(spark, settings, periods, labelled, reportPath);
    } finally {
      labelled.unpersist();
      outcomes.unpersist();
    }
  }

  /** The report of the {@code labelled} score rows, written to {@code reportPath} when set. */
  private static Result measure(
      SparkSession spark,
      JobSettings settings,
      List<Period> periods,
      Dataset<Row> labelled,
      Optional<String> reportPath) {
    DateSpan span = DateSpan.of(periods);
    long scored = labelled.count();
    Backtest.Scope scope =
        new Backtest.Scope(
            periods.get(0).kind(), span.first(), span.last(), settings.backtest().horizonDays());
    requireScores(scored, scope, ScoreTable.location(settings).toString());
    Dataset<Row> overall = Backtest.auc(labelled, Columns.RAW_SCORE).cache();
    Row totals = overall.first();
    requireBothOutcomes(scored, totals, scope.horizonDays());
    Dataset<Row> tiers = churnByTier(spark, labelled, settings.tiers());
    Dataset<Row> deciles =
        Backtest.churnBy(labelled, Columns.DECILE).orderBy(Columns.DECILE).cache();
    Dataset<Row> weights = suggestWeights(spark, settings, periods, labelled).cache();
    Map<String, Object> summary = summary(scope, scored, totals);
    reportPath.ifPresent(
        path -> {
          String runId = RunSession.runId(spark);
          ScoreTable.WriteResult written =
              ScoreTable.write(
                  Backtest.report(overall, tiers, deciles, weights, scope, runId),
                  path,
                  periods,
                  runId,
                  Map.of(ScoreTable.JOB_VERSION_PROPERTY, JobVersion.VALUE),
                  BacktestReport.LAYOUT);
          summary.put("report_path", written.path());
          summary.put("report_version", written.version());
        });
    // The results are cached and tiny: computed now, so that reading them later (the printed
    // report, a notebook) does not recompute the labels once their cache is released.
    tiers.count();
    deciles.count();
    return new Result(overall, tiers, deciles, weights, summary);
  }

  /** Fails when the periods of {@code scope} have no {@code scored} rows in {@code output}. */
  private static void requireScores(long scored, Backtest.Scope scope, String output) {
    if (scored == 0) {
      throw new UserInputException(
          "No scored rows of "
              + scope.kind()
              + " periods "
              + scope.first()
              + ".."
              + scope.last()
              + " in "
              + output
              + ": score them first, or check --from/--to and period.");
    }
  }

  /**
   * Fails when the labelled rows of {@code totals} ({@link Backtest#auc}) all churned or none did:
   * then there is nothing to compare.
   */
  private static void requireBothOutcomes(long scored, Row totals, int horizonDays) {
    long rows = totals.getLong(0);
    long churned = totals.getLong(1);
    if (churned == 0 || churned == rows) {
      throw new UserInputException(
          "The backtest needs both churned and renewed rows, but of "
              + scored
              + " scored rows "
              + rows
              + " have an outcome within "
              + horizonDays
              + " days of their period's end and "
              + churned
              + " of those churned. Check the outcome dates against --from/--to and"
              + " --horizon-days.");
    }
  }

  /** Churn per tier, in the configured tier order (other stored tiers last), cached. */
  private static Dataset<Row> churnByTier(
      SparkSession spark, Dataset<Row> labelled, TierRules tiers) {
    return Backtest.churnBy(labelled, Columns.TIER)
        // Left: tiers stored by runs with other tier settings are kept, listed last.
        .join(tierOrder(spark, tiers), Columns.joinKeys(Columns.TIER), "left")
        .orderBy(col("bt_order").asc_nulls_last(), col(Columns.TIER))
        .drop("bt_order")
        .cache();
  }

  /** The summary of {@code scope}: the {@code scored} rows and the {@link Backtest#auc} totals. */
  private static Map<String, Object> summary(Backtest.Scope scope, long scored, Row totals) {
    long rows = totals.getLong(0);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("status", "ok");
    summary.put("period_kind", scope.kind());
    summary.put("periods", scope.first() + ".." + scope.last());
    summary.put("horizon_days", scope.horizonDays());
    summary.put("rows_scored", scored);
    summary.put("rows_labelled", rows);
    summary.put("rows_unlabelled", scored - rows);
    summary.put("churned", totals.getLong(1));
    summary.put("churn_rate", totals.getDecimal(2).toPlainString());
    summary.put("auc", totals.getDecimal(3).toPlainString());
    return summary;
  }

  /** What a backtest reads (the scores, outcomes, events and weights) and writes (its report). */
  private static PathConflicts.Uses paths(JobSettings settings) {
    return new PathConflicts.Uses(
        Stream.concat(
                ScoreTable.location(settings).path().stream()
                    .map(p -> new PathConflicts.Use(ScoreTable.SCORES.setting(), p)),
                Stream.of(
                    new PathConflicts.Use(
                        ConfigKeys.BACKTEST_OUTCOMES_PATH + " (--outcomes)",
                        OutcomeSource.path(settings.backtest())),
                    new PathConflicts.Use("events.path (--events)", settings.events().path()),
                    new PathConflicts.Use(WeightSource.SETTING, settings.weights().path())))
            .toList(),
        settings
            .backtest()
            .reportPath()
            .map(p -> List.of(new PathConflicts.Use(BacktestReport.LAYOUT.setting(), p)))
            .orElse(List.of()));
  }

  /**
   * Suggested weights from the events of {@code periods}, read, validated and counted by the job's
   * own code (caps included), against the labels of the scored rows.
   */
  private static Dataset<Row> suggestWeights(
      SparkSession spark, JobSettings settings, List<Period> periods, Dataset<Row> labelled) {
    ScoreRules rules = ScoreRules.from(settings);
    WeightSource.WeightTable weights = WeightSource.read(spark, settings.weights());
    Dataset<Row> periodWeights =
        PeriodWeights.of(spark, weights, periods, rules.decayHalfLifeDays());
    DateSpan days = DateSpan.of(periods);
    Dataset<Row> typeSums =
        ScoringPipeline.sumTypes(
            ScoringPipeline.eachOnce(
                Reads.tagged(
                    settings,
                    EventSource.read(spark, settings.events(), days).events(),
                    days,
                    weights,
                    Instant.now())),
            periods,
            periodWeights,
            rules.caps());
    List<String> types = weights.eventTypes();
    LocalDate lastDay = days.last();
    Map<String, BigDecimal> current = new LinkedHashMap<>();
    weights.weights().stream()
        .filter(w -> w.validOn(lastDay))
        .forEach(w -> current.put(w.eventType(), w.weight()));
    return SuggestedWeights.fit(
        SuggestedWeights.features(labelled, typeSums, types), types, current);
  }

  /** Each tier's position in the configured order, to list the tiers low to high. */
  private static Dataset<Row> tierOrder(SparkSession spark, TierRules tiers) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < tiers.tiers().size(); i++) {
      rows.add(RowFactory.create(tiers.tiers().get(i).name(), i));
    }
    return spark.createDataFrame(
        rows,
        new StructType()
            .add(Columns.TIER, DataTypes.StringType)
            .add("bt_order", DataTypes.IntegerType));
  }

  /** Rows of a small dataset as aligned text columns. */
  private static String table(Dataset<Row> rows) {
    String[] names = rows.columns();
    List<String[]> cells = new ArrayList<>();
    cells.add(names);
    for (Row row : rows.collectAsList()) {
      String[] line = new String[names.length];
      for (int i = 0; i < names.length; i++) {
        Object v = row.get(i);
        line[i] = v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v);
      }
      cells.add(line);
    }
    int[] width = new int[names.length];
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        out.append(String.format("  %" + width[i] + "s", line[i]));
      }
      out.append('\n');
    }
    return out.toString();
  }
}
