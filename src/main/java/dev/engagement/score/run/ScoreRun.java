package dev.engagement.score.run;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.plugin.Feature;
import dev.engagement.score.core.plugin.RunContext;
import dev.engagement.score.core.plugin.StoredCounts;
import dev.engagement.score.core.scoring.InputStats;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.core.scoring.ScoringPipeline;
import dev.engagement.score.core.table.PathConflicts;
import dev.engagement.score.core.table.RunSession;
import dev.engagement.score.core.table.ScoreTable;
import dev.engagement.score.core.table.SparkFailures;
import dev.engagement.score.core.table.StoredScores;
import dev.engagement.score.core.weights.PeriodWeights;
import dev.engagement.score.model.DateSpan;
import dev.engagement.score.model.Period;
import dev.engagement.score.model.UserInputException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scoring run: every table is checked and every input read and checked first (bad input changes
 * nothing); then the run appends a {@code started} row to the audit table, counts, checks its
 * guards, publishes ({@link Publisher}), and appends its final row, successful or not.
 */
public final class ScoreRun {
  private static final Logger LOG = LoggerFactory.getLogger(ScoreRun.class);

  private ScoreRun() {}

  /** A run's settings, tables, inputs, start and progress: what its steps share. */
  record Run(
      JobSettings settings,
      ScoreRules rules,
      ScoreOutputs outputs,
      RunInputs inputs,
      RunLog.Start start,
      RunLog.Progress progress,
      Steps steps) {
    /** The features the settings turn on, their tables checked and their inputs read. */
    List<Feature> features() {
      return inputs.features();
    }
  }

  /**
   * The run's counts, kept until it ends: the daily counts read ({@code fresh}), the period sums
   * and, when caps or a feature need them, the per-type sums.
   */
  record Counted(Dataset<Row> fresh, Dataset<Row> periodSums, Optional<Dataset<Row>> typeSums) {
    void release() {
      periodSums.unpersist();
      typeSums.ifPresent(Dataset::unpersist);
      fresh.unpersist();
    }
  }

  /**
   * What to run: the run's id ({@link RunIds}), the settings, the score's rules, the features they
   * turn on ({@link Features#of}), the periods, and the paths the command line itself reads and
   * writes (config files, the summary file), checked against the run's.
   */
  public record Plan(
      String runId,
      JobSettings settings,
      ScoreRules rules,
      List<Feature> features,
      List<Period> periods,
      PathConflicts.Uses cli) {}

  /**
   * Scores the plan's periods and writes them. The session must run in UTC with Delta enabled; the
   * run's commits are tagged with its id ({@link RunSession}).
   */
  public static RunSummary run(SparkSession spark, Plan plan) {
    JobSettings settings = plan.settings();
    List<Period> periods = plan.periods();
    Instant started = Instant.now();
    String runId = plan.runId();
    SparkSession session = RunSession.tagged(spark, runId);
    Steps steps = new Steps(session);
    ScoreOutputs outputs =
        steps.get("check the tables and paths", () -> ScoreOutputs.check(session, plan));
    RunInputs inputs =
        steps.get(
            "read and check the inputs",
            () -> RunInputs.read(session, settings, plan.rules(), periods, outputs, started));
    RunLog.Start start =
        new RunLog.Start(
            runId,
            started,
            periods,
            outputs.output().toString(),
            new RunLog.Settings(settings.configHash(), settings.effectiveConfig()),
            inputs.weights().hash());
    steps.run(
        "append the started row to the audit table",
        () -> RunLog.append(session, outputs.audit(), RunLog.started(start)));
    Run run = new Run(settings, plan.rules(), outputs, inputs, start, new RunLog.Progress(), steps);
    try {
      RunSummary summary = score(session, run);
      steps.run(
          "append the final row to the audit table",
          () -> RunLog.append(session, outputs.audit(), RunLog.finished(start, summary)));
      LOG.info(summary.plainText());
      return summary;
    } catch (Exception e) { // Spark's AnalysisException too: it is checked in Java's eyes
      // Bad input found inside Spark (a corrupt file, the overflow guard) is bad input: exit 2.
      Optional<UserInputException> input = SparkFailures.explain(e);
      RunLog.append(
          session,
          outputs.audit(),
          RunLog.failed(start, run.progress(), input.<Exception>map(x -> x).orElse(e)));
      if (input.isPresent()) {
        throw input.get();
      }
      throw e;
    }
  }

  /**
   * Counts, lets each feature see the counts ({@link Feature#counted}: the rejects table), checks
   * the run's guards, and publishes (or skips, with on_empty = skip).
   */
  private static RunSummary score(SparkSession spark, Run run) {
    List<Period> periods = run.start().periods();
    Counted counted = count(spark, run);
    try {
      Steps steps = run.steps();
      InputStats stats = steps.get("count the events", () -> InputStats.of(counted.periodSums()));
      DateSpan span = DateSpan.of(periods);
      LOG.info(
          "Run {}, {}..{}: {}", run.start().runId(), span.first(), span.last(), stats.describe());
      StoredScores.Replaced replaced =
          steps.get(
              "read the stored rows of these periods",
              () -> StoredScores.replaced(spark, run.outputs().output(), periods));
      Map<LocalDate, Long> previous = replaced.scoredEvents();
      run.progress().counted(stats, previous);
      RunContext context = context(spark, run, counted);
      run.features().forEach(f -> steps.feature(f.name() + " table", () -> f.counted(context)));
      if (RunGuards.skipWhenNothingToScore(stats, run.settings(), span)) {
        return summary(
            run.start(),
            "skipped",
            new Counts(stats, previous, List.of()),
            Publisher.Result.nothing(
                ScoreTable.version(spark, run.outputs().output()),
                PeriodWeights.distinctVersions(run.inputs().periodWeights()),
                run.features().stream().flatMap(f -> f.skipped().stream()).toList()));
      }
      RunGuards.requireFewRejects(stats, run.settings());
      RunGuards.requireNoLargeDrop(stats, previous, periods, run.settings());
      return summary(
          run.start(),
          "ok",
          new Counts(stats, previous, replaced.weightsVersions()),
          Publisher.publish(run, context, counted));
    } finally {
      counted.release();
    }
  }

  /** What the run's features see of it once it has counted. */
  private static RunContext context(SparkSession spark, Run run, Counted counted) {
    List<Period> periods = run.start().periods();
    return new RunContext(
        spark,
        run.settings(),
        run.rules(),
        periods,
        run.start().runId(),
        run.start().started(),
        run.outputs().output(),
        run.outputs().audit(),
        run.inputs().labels(),
        run.inputs().events(),
        StoredScores.earlierScores(spark, run.outputs().output(), periods),
        counted.periodSums(),
        counted.typeSums());
  }

  /**
   * The events counted and summed, with the stored counts of the days not read ({@link
   * StoredCounts}: the daily aggregate). Days to store are counted per day first (and kept for the
   * write); otherwise each event goes to its periods directly, saving a shuffle (unless the events
   * were de-duplicated per customer, whose one shuffle serves both). The per-type sums are kept for
   * the features that write from them after the scores: the events are read once. The period sums
   * are small (one row per customer and period) and read three times: statistics, period bounds,
   * rows.
   */
  private static Counted count(SparkSession spark, Run run) {
    RunInputs inputs = run.inputs();
    List<Period> periods = run.start().periods();
    Optional<StoredCounts> stored = inputs.storedCounts();
    Dataset<Row> fresh =
        stored.filter(StoredCounts::stores).isPresent()
            ? ScoringPipeline.countDays(inputs.events()).persist(StorageLevel.MEMORY_AND_DISK())
            : ScoringPipeline.eachOnce(inputs.events());
    Dataset<Row> counts =
        stored.flatMap(s -> s.reused(spark)).map(fresh::unionByName).orElse(fresh);
    boolean featuresNeedTypes = run.features().stream().anyMatch(Feature::needsTypeSums);
    Optional<Dataset<Row>> typeSums =
        Sums.types(run.rules(), featuresNeedTypes, counts, periods, inputs.periodWeights())
            .map(sums -> sums.persist(StorageLevel.MEMORY_AND_DISK()));
    Dataset<Row> periodSums =
        Sums.periods(run.rules(), typeSums, counts, periods, inputs.periodWeights())
            .transform(inputs.sumsSteps()::apply)
            .persist(StorageLevel.MEMORY_AND_DISK());
    return new Counted(fresh, periodSums, typeSums);
  }

  /**
   * The events read, the scored events of the stored rows of the run's periods, and the weights
   * versions of those the run replaces (none when it publishes nothing).
   */
  private record Counts(
      InputStats stats, Map<LocalDate, Long> previous, List<String> replacedVersions) {}

  private static RunSummary summary(
      RunLog.Start start, String status, Counts counts, Publisher.Result published) {
    RunSummary summary =
        new RunSummary(
            start.runId(),
            status,
            start.periods().get(0).kind(),
            start.periods(),
            counts.stats(),
            counts.previous(),
            published.rowsScored(),
            start.outputPath(),
            published.version(),
            start.configHash(),
            start.weightsHash(),
            published.weightsVersions(),
            counts.replacedVersions(),
            Duration.between(start.started(), Instant.now()).toMillis(),
            published.parts());
    return summary;
  }
}
