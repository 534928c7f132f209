package dev.engagement.score;

import static org.apache.spark.sql.functions.col;

import dev.engagement.score.backtest.BacktestJob;
import dev.engagement.score.cli.Cli;
import dev.engagement.score.cli.CommandLine;
import dev.engagement.score.cli.Launcher;
import dev.engagement.score.config.CustomerIdWhitespace;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SettingsLoader;
import dev.engagement.score.config.TimeEncoding;
import dev.engagement.score.core.events.EventSource;
import dev.engagement.score.core.events.EventValidator;
import dev.engagement.score.core.events.RejectTagger;
import dev.engagement.score.core.scoring.InputStats;
import dev.engagement.score.core.scoring.OutputContract;
import dev.engagement.score.core.scoring.OutputRows;
import dev.engagement.score.core.scoring.PeriodAssigner;
import dev.engagement.score.core.scoring.ScoreAggregator;
import dev.engagement.score.core.scoring.ScoringPipeline;
import dev.engagement.score.core.table.CatalogTable;
import dev.engagement.score.core.table.PathConflicts;
import dev.engagement.score.core.table.RunLog;
import dev.engagement.score.core.table.RunSession;
import dev.engagement.score.core.table.ScoreTable;
import dev.engagement.score.core.table.SparkFailures;
import dev.engagement.score.core.table.SummaryFile;
import dev.engagement.score.core.weights.PeriodWeights;
import dev.engagement.score.core.weights.WeightSource;
import dev.engagement.score.feature.accounts.AccountRollup;
import dev.engagement.score.feature.accounts.AccountTable;
import dev.engagement.score.feature.aggregate.DailyAggregate;
import dev.engagement.score.feature.breakdown.BreakdownRows;
import dev.engagement.score.feature.breakdown.BreakdownTable;
import dev.engagement.score.feature.breakdown.Caps;
import dev.engagement.score.feature.categories.Categories;
import dev.engagement.score.feature.customers.CustomerActivity;
import dev.engagement.score.feature.customers.CustomerSource;
import dev.engagement.score.feature.normalization.Normalization;
import dev.engagement.score.feature.overrides.OverrideSource;
import dev.engagement.score.feature.overrides.Overrides;
import dev.engagement.score.feature.rejects.RejectTable;
import dev.engagement.score.feature.restatements.Provisional;
import dev.engagement.score.feature.restatements.RestatementLog;
import dev.engagement.score.feature.restatements.Restatements;
import dev.engagement.score.feature.transitions.Alerts;
import dev.engagement.score.feature.transitions.TierTransitions;
import dev.engagement.score.feature.transitions.TransitionsTable;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.DateSpan;
import dev.engagement.score.model.Fingerprint;
import dev.engagement.score.model.JobVersion;
import dev.engagement.score.model.Period;
import dev.engagement.score.model.UserInputException;
import dev.engagement.score.preview.WeightPreviewCommand;
import dev.engagement.score.run.RunGuards;
import dev.engagement.score.run.RunInputs;
import dev.engagement.score.run.RunSummary;
import dev.engagement.score.run.ScoreOutputs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engagement-score job: events -> validate -> reject bad rows -> periods -> de-duplicate ->
 * count -> weight -> score -> normalize -> tier -> write. Prints a one-line JSON run summary as the
 * last line of stdout; exits 0 on success, 2 on bad input (a message saying what to fix), 1 on any
 * other failure.
 */
public final class ScoreJob {
  private static final Logger LOG = LoggerFactory.getLogger(ScoreJob.class);

  private ScoreJob() {}

  public static void main(String[] args) {
    System.exit(launch(args));
  }

  /**
   * Runs the command line {@code args}: {@code [score] FLAGS}, {@code preview-weights FLAGS},
   * {@code backtest FLAGS}, {@code --help} or {@code --version} ({@link Cli}); prints its output
   * and returns its exit code.
   */
  public static int launch(String[] args) {
    return Launcher.launch(
        args,
        new Launcher.Commands(
            ScoreJob::command, WeightPreviewCommand::command, BacktestJob::command));
  }

  /**
   * The job as a command: its arguments parsed and its settings loaded and checked, without Spark;
   * what it does once a session exists. Prints nothing: {@link Launcher} does.
   */
  public static Launcher.Prepared command(String[] args) {
    return command(CommandLine.parse(args));
  }

  /** {@link #command(String[])} with the arguments parsed. */
  public static Launcher.Prepared command(CommandLine cli) {
    JobSettings settings = SettingsLoader.load(cli.configFiles(), cli.overrides());
    if (cli.printConfig()) {
      return new Launcher.Done(settings.effectiveConfig().stripTrailing());
    }
    List<Period> periods = cli.periods(settings, Clock.systemUTC());
    return spark -> {
      String summary = run(spark, settings, periods, cli.paths()).toJson();
      cli.summaryPath().ifPresent(path -> SummaryFile.write(spark, path, summary));
      return summary;
    };
  }

  /**
   * Scores {@code periods} and writes them. Every table is checked and every input read and checked
   * first (bad input changes nothing); then the run appends a {@code started} row to the audit
   * table, scores, publishes, and appends its final row, successful or not. The session must run in
   * UTC with Delta enabled; the run's commits are tagged with its id ({@link RunSession}).
   */
  public static RunSummary run(SparkSession spark, JobSettings settings, List<Period> periods) {
    return run(spark, settings, periods, PathConflicts.Uses.NONE);
  }

  /**
   * {@link #run(SparkSession, JobSettings, List)}, also checking the paths the command line itself
   * reads and writes ({@code cli}: config files, the summary file) against the run's.
   */
  public static RunSummary run(
      SparkSession spark, JobSettings settings, List<Period> periods, PathConflicts.Uses cli) {
    Instant started = Instant.now();
    String runId = UUID.randomUUID().toString();
    SparkSession session = RunSession.tagged(spark, runId);
    ScoreOutputs outputs = ScoreOutputs.check(session, settings, cli);
    RunInputs inputs = RunInputs.read(session, settings, periods, outputs, started);
    RunLog.Start start =
        new RunLog.Start(
            runId,
            started,
            periods,
            outputs.output(),
            new RunLog.Settings(settings.configHash(), settings.effectiveConfig()),
            inputs.weights().hash());
    RunLog.append(session, outputs.audit(), RunLog.started(start));
    RunLog.Progress progress = new RunLog.Progress();
    try {
      RunSummary summary = score(session, settings, outputs, inputs, start, progress);
      RunLog.append(session, outputs.audit(), RunLog.finished(start, summary));
      return summary;
    } catch (Exception e) { // Spark's AnalysisException too: it is checked in Java's eyes
      // Bad input found inside Spark (a corrupt file, the overflow guard) is bad input: exit 2.
      Optional<UserInputException> input = SparkFailures.explain(e);
      RunLog.append(
          session,
          outputs.audit(),
          RunLog.failed(start, progress, input.<Exception>map(x -> x).orElse(e)));
      if (input.isPresent()) {
        throw input.get();
      }
      throw e;
    }
  }

  private static RunSummary score(
      SparkSession spark,
      JobSettings settings,
      ScoreOutputs outputs,
      RunInputs inputs,
      RunLog.Start start,
      RunLog.Progress progress) {
    List<Period> periods = start.periods();
    DateSpan span = DateSpan.of(periods);
    Dataset<Row> periodWeights = inputs.periodWeights();
    // Days to store are counted per day first (and kept for the write); otherwise each event goes
    // to its periods directly, saving a shuffle.
    Dataset<Row> fresh =
        inputs.plan().store().isPresent()
            ? ScoringPipeline.countDays(inputs.events()).persist(StorageLevel.MEMORY_AND_DISK())
            : ScoringPipeline.eachOnce(inputs.events());
    Dataset<Row> counts = inputs.reused(spark, outputs).map(fresh::unionByName).orElse(fresh);
    // Kept for the breakdown table, which is written from them after the scores: the events are
    // read once.
    Optional<Dataset<Row>> typeSums =
        typeSums(settings, counts, periods, periodWeights)
            .map(sums -> sums.persist(StorageLevel.MEMORY_AND_DISK()));
    // Small (one row per customer and period) and read three times: statistics, period bounds,
    // rows.
    Dataset<Row> periodSums =
        periodSums(typeSums, counts, periods, periodWeights, settings.categories())
            .transform(inputs.customers()::apply)
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      InputStats stats = InputStats.of(periodSums);
      Map<LocalDate, Long> previous = ScoreTable.scoredEvents(spark, outputs.output(), periods);
      progress.counted(stats, previous);
      LOG.info(
          "Run {}: events read for {}..{}: {}; scored events of the rows replaced: {}",
          start.runId(),
          span.first(),
          span.last(),
          stats,
          previous);
      outputs
          .rejects()
          .ifPresent(
              path ->
                  RejectTable.append(
                      PeriodAssigner.assign(inputs.events(), periods),
                      path,
                      start.runId(),
                      start.started()));
      if (RunGuards.skipWhenNothingToScore(stats, settings, span)) {
        return summary(
            start,
            "skipped",
            stats,
            previous,
            Published.nothing(
                ScoreTable.version(spark, outputs.output()),
                PeriodWeights.distinctVersions(periodWeights)));
      }
      RunGuards.requireFewRejects(stats, settings);
      RunGuards.requireNoLargeDrop(stats, previous, periods, settings);
      return summary(
          start,
          "ok",
          stats,
          previous,
          publish(
              spark,
              new Run(settings, outputs, inputs, start, progress),
              new Counted(fresh, periodSums, typeSums)));
    } finally {
      periodSums.unpersist();
      typeSums.ifPresent(Dataset::unpersist);
      fresh.unpersist();
    }
  }

  /** A run's settings, tables, inputs, start and progress: what its publishing steps share. */
  private record Run(
      JobSettings settings,
      ScoreOutputs outputs,
      RunInputs inputs,
      RunLog.Start start,
      RunLog.Progress progress) {}

  /**
   * The run's counts, kept until it ends: the daily counts read ({@code fresh}), the period sums
   * and, when caps or the breakdown need them, the per-type sums.
   */
  private record Counted(
      Dataset<Row> fresh, Dataset<Row> periodSums, Optional<Dataset<Row>> typeSums) {}

  /**
   * What a run published: the score table's commit, the weights versions it scored with and those
   * of the rows it replaced, and what the companion steps report.
   */
  private record Published(
      long rowsScored,
      long version,
      WeightsVersions versions,
      Optional<RunSummary.Accounts> accounts,
      List<RunSummary.AppliedOverride> overrides,
      Optional<Map<String, Long>> alerts,
      long restatedRows) {
    /** Nothing published: the table stays at {@code version}. */
    static Published nothing(long version, List<String> used) {
      return new Published(
          0,
          version,
          new WeightsVersions(used, List.of()),
          Optional.empty(),
          List.of(),
          Optional.empty(),
          0);
    }
  }

  /**
   * Scores the counted periods and publishes them: the score table first (one commit), then, each
   * explained by it, the restatement log, the account, breakdown and transitions tables, the daily
   * aggregate and the catalog name.
   */
  private static Published publish(SparkSession spark, Run run, Counted counted) {
    JobSettings settings = run.settings();
    ScoreOutputs outputs = run.outputs();
    RunInputs inputs = run.inputs();
    RunLog.Start start = run.start();
    List<Period> periods = start.periods();
    String output = outputs.output();
    LocalDate runDate = LocalDate.ofInstant(start.started(), settings.timezone());
    String tiered =
        ScoringPipeline.tieredColumn(settings.tiersOnNormalized(), settings.categories());
    Dataset<Row> stored = ScoreTable.earlierScores(spark, output, periods);
    // The scores are compared with themselves (trend, activity, then transitions), each comparison
    // reading its input twice: kept, they are one small table in each later plan, instead of
    // plans that repeat the whole pipeline with every comparison (megabytes of plan with every
    // option on, which Spark's optimizer took minutes and gigabytes to get through).
    List<Dataset<Row>> kept = new ArrayList<>();
    Dataset<Row> base =
        ScoringPipeline.score(
                counted.periodSums(),
                inputs.periodWeights(),
                settings.normalization(),
                settings.tiers(),
                settings.tiersOnNormalized(),
                settings.categories())
            .transform(rows -> keep(rows, kept));
    Dataset<Row> scored =
        base.transform(
                rows ->
                    ScoringPipeline.trend(
                        rows, stored, periods, settings.calendar(), settings.trend()))
            .transform(rows -> ScoringPipeline.activity(rows, stored))
            .transform(
                rows ->
                    inputs
                        .overrides()
                        .map(
                            list ->
                                Overrides.apply(
                                    rows,
                                    OverrideSource.inForce(spark, list, runDate),
                                    settings.tiers(),
                                    tiered))
                        .orElseGet(() -> Overrides.none(rows)))
            .transform(
                rows ->
                    Provisional.mark(
                        rows,
                        Provisional.firstProvisionalEnd(
                            start.started(), settings.timezone(), settings.lookbackDays())))
            .transform(
                rows -> OutputRows.shape(rows, start.started(), JobVersion.VALUE, start.runId()))
            .transform(
                rows -> OutputContract.enforce(rows, settings.normalization(), settings.tiers()))
            .transform(rows -> keep(rows, kept));
    try {
      return publishScored(spark, run, counted, scored, stored);
    } finally {
      kept.forEach(Dataset::unpersist);
    }
  }

  /**
   * {@code rows}, cached (added to {@code kept}, to release) and read back as a table of their own:
   * later plans hold a scan of them rather than the plan that computed them. Their RDD keeps its
   * lineage, so lost cached blocks are recomputed.
   */
  private static Dataset<Row> keep(Dataset<Row> rows, List<Dataset<Row>> kept) {
    Dataset<Row> cached = rows.persist(StorageLevel.MEMORY_AND_DISK());
    kept.add(cached);
    return rows.sparkSession().createDataFrame(cached.javaRDD(), cached.schema());
  }

  /** Writes the {@code scored} rows, then what they explain: restatements and the companions. */
  private static Published publishScored(
      SparkSession spark, Run run, Counted counted, Dataset<Row> scored, Dataset<Row> stored) {
    JobSettings settings = run.settings();
    ScoreOutputs outputs = run.outputs();
    RunInputs inputs = run.inputs();
    RunLog.Start start = run.start();
    List<Period> periods = start.periods();
    String output = outputs.output();
    LocalDate runDate = LocalDate.ofInstant(start.started(), settings.timezone());
    Map<String, String> labels = inputs.labels();
    List<String> replaced = ScoreTable.storedWeightsVersions(spark, output, periods);
    ScoreTable.WriteResult written =
        ScoreTable.write(scored, output, periods, start.runId(), labels);
    run.progress().committed(written.version());
    List<RunSummary.AppliedOverride> applied =
        inputs
            .overrides()
            .map(
                list ->
                    OverrideSource.applied(
                        list,
                        runDate,
                        ScoreTable.overriddenRows(spark, output, written.version(), start.runId())))
            .orElse(List.of());
    // Right after the commit it explains; if it fails, the run fails (see RestatementLog).
    long restated =
        RestatementLog.append(
            spark,
            output,
            written.version(),
            periods,
            outputs.restatements(),
            outputs.audit(),
            settings.timezone(),
            settings.lookbackDays(),
            new Restatements.Run(
                start.runId(),
                start.started(),
                settings.configHash(),
                settings.restatementsReason()));
    Optional<RunSummary.Accounts> accounts =
        outputs.accounts().map(path -> writeAccounts(run, counted.periodSums(), path, labels));
    // Only after the scores are committed, so that it never explains scores that were not
    // published. If it fails, the run fails (audit row "failed"), the new scores stay, and the
    // breakdown keeps the previous run's rows of these periods (another run_id) until a rerun.
    outputs
        .breakdown()
        .ifPresent(
            path ->
                ScoreTable.write(
                    BreakdownRows.shape(
                        counted.typeSums().get(),
                        counted.periodSums(),
                        start.started(),
                        start.runId()),
                    path,
                    periods,
                    start.runId(),
                    labels,
                    BreakdownTable.LAYOUT));
    // Likewise after the scores, so that no alert fires on scores that were not published.
    Optional<Map<String, Long>> alerts =
        outputs.transitions().map(path -> writeTransitions(run, scored, stored, path, labels));
    inputs
        .plan()
        .store()
        .ifPresent(
            days ->
                DailyAggregate.write(
                    counted.fresh(),
                    outputs.aggregate().get(),
                    days,
                    inputs.sourceHash(),
                    start.runId()));
    settings.catalogTable().ifPresent(name -> CatalogTable.register(spark, name, output));
    return new Published(
        written.rowsWritten(),
        written.version(),
        new WeightsVersions(PeriodWeights.distinctVersions(inputs.periodWeights()), replaced),
        accounts,
        applied,
        alerts,
        restated);
  }

  /**
   * Sums per event type (caps applied) when caps or the breakdown table need them; empty otherwise,
   * so that the default run aggregates straight to customers and periods.
   */
  private static Optional<Dataset<Row>> typeSums(
      JobSettings settings, Dataset<Row> counts, List<Period> periods, Dataset<Row> periodWeights) {
    if (!settings.sumsPerType()) {
      return Optional.empty();
    }
    return Optional.of(ScoringPipeline.sumTypes(counts, periods, periodWeights, settings.caps()));
  }

  /** The period sums: from the per-type sums when there are any, else straight from the counts. */
  private static Dataset<Row> periodSums(
      Optional<Dataset<Row>> typeSums,
      Dataset<Row> counts,
      List<Period> periods,
      Dataset<Row> periodWeights,
      Categories categories) {
    return typeSums
        .map(types -> ScoringPipeline.sumPeriodsOfTypes(types, periodWeights, categories))
        .orElseGet(() -> ScoringPipeline.sumPeriods(counts, periods, periodWeights, categories));
  }

  /**
   * Writes the account rows of {@code periods}, after the score table: who belongs to which account
   * comes from the tagged {@code events} (one more pass over them), the scores from the customers'
   * {@code periodSums}. Customers without an account are logged and counted in the summary.
   */
  private static RunSummary.Accounts writeAccounts(
      Run run, Dataset<Row> periodSums, String path, Map<String, String> labels) {
    JobSettings settings = run.settings();
    List<Period> periods = run.start().periods();
    String runId = run.start().runId();
    Instant started = run.start().started();
    // One row per account and period, read twice: the unassigned count, then the rows.
    Dataset<Row> sums =
        AccountRollup.combine(
                // Customers without events (customers.path) have no account to count for.
                ScoreAggregator.score(periodSums).filter(col(Columns.EVENT_COUNT).gt(0)),
                AccountRollup.members(run.inputs().events(), periods),
                settings.accounts().orElseThrow().rollup())
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      AccountRollup.Unassigned unassigned = AccountRollup.Unassigned.of(sums);
      if (unassigned.customers() > 0) {
        LOG.warn(
            "Run {}: {} customer-period(s) with {} scored events have no account id in any scored"
                + " event: scored in {}, left out of the account table {}",
            runId,
            unassigned.customers(),
            unassigned.events(),
            settings.outputPath(),
            path);
      }
      Dataset<Row> rows =
          AccountRollup.score(
                  sums, settings.normalization(), settings.tiers(), settings.tiersOnNormalized())
              .transform(r -> AccountRollup.shape(r, started, JobVersion.VALUE, runId))
              .transform(
                  r -> OutputContract.enforce(r, settings.normalization(), settings.tiers()));
      ScoreTable.WriteResult written =
          ScoreTable.write(rows, path, periods, runId, labels, AccountTable.LAYOUT);
      return new RunSummary.Accounts(
          path,
          written.version(),
          written.rowsWritten(),
          unassigned.customers(),
          unassigned.events());
    } finally {
      sums.unpersist();
    }
  }

  /**
   * Writes the transitions of {@code periods} ({@link TierTransitions}): the {@code scored} rows
   * against each customer's previous period, from the output table's {@code stored} rows (not those
   * of these periods) and the scored rows themselves. Returns how many rows each alert rule fired
   * on.
   */
  private static Map<String, Long> writeTransitions(
      Run run, Dataset<Row> scored, Dataset<Row> stored, String path, Map<String, String> labels) {
    JobSettings settings = run.settings();
    List<Period> periods = run.start().periods();
    String runId = run.start().runId();
    Instant started = run.start().started();
    Alerts alerts = settings.transitions().orElseThrow().alerts();
    // Read twice: the write, then the alert counts.
    Dataset<Row> rows =
        ScoringPipeline.transitions(scored, stored, periods, settings.calendar(), alerts)
            .transform(
                r -> OutputRows.shape(r, TierTransitions.SCHEMA, started, JobVersion.VALUE, runId))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      ScoreTable.write(rows, path, periods, runId, labels, TransitionsTable.LAYOUT);
      return TierTransitions.alertCounts(rows, alerts);
    } finally {
      rows.unpersist();
    }
  }

  /**
   * What daily counts depend on besides the events themselves: where and how the events are read,
   * the business time zone and the known event types. A stored day counted under another hash is
   * counted again.
   */
  public static String sourceHash(JobSettings settings, List<String> eventTypes) {
    JobSettings.Events e = settings.events();
    return Fingerprint.of(
        Map.of(
            "events",
            String.join(
                    "|",
                    e.path(),
                    e.format().toString(),
                    e.customerColumn(),
                    e.typeColumn(),
                    e.timeColumn(),
                    e.partitionColumn().orElse(""),
                    e.ntzTimezone().getId(),
                    e.idColumn().orElse(""),
                    e.minTime().toString())
                // They change the stored days' customer ids, reject reasons and times
                // (customer_id_integers only decides whether integer ids are read at all); left
                // out at their defaults, which count as before they existed, so that stored days
                // stay valid.
                + (e.customerIdWhitespace() == CustomerIdWhitespace.WARN
                    ? ""
                    : "|" + e.customerIdWhitespace())
                + (e.timeEncoding() == TimeEncoding.TIMESTAMP ? "" : "|" + e.timeEncoding()),
            "timezone",
            settings.timezone().getId(),
            "event_types",
            String.join("\n", eventTypes.stream().sorted().toList())));
  }

  /**
   * The events of {@code days}, validated and tagged with their day and reject reasons; the
   * backtest counts them the same way.
   */
  public static Dataset<Row> readTagged(
      SparkSession spark,
      JobSettings settings,
      DateSpan days,
      WeightSource.WeightTable weights,
      Instant now) {
    return ScoringPipeline.tagTypes(readDated(spark, settings, days, now), weights.eventTypes());
  }

  /**
   * The events of {@code days}, validated and tagged with their day and time problems: what does
   * not depend on the weights ({@link ScoringPipeline#dateEvents}).
   */
  private static Dataset<Row> readDated(
      SparkSession spark, JobSettings settings, DateSpan days, Instant now) {
    JobSettings.Events source = settings.events();
    return ScoringPipeline.dateEvents(
        EventValidator.validate(EventSource.read(spark, source, days), source, settings.timezone()),
        days,
        settings.timezone(),
        new RejectTagger.Checks(
            source.minTime(),
            now.plus(Duration.ofDays(source.maxDaysAhead())),
            source.customerIdWhitespace()));
  }

  /**
   * Reads the weight table at {@code source} and checks it against the settings (categories, caps),
   * before any event is read.
   *
   * @param setting where the user sets its path, for messages: {@link WeightSource#SETTING}, or
   *     e.g. {@code --proposed-weights}
   */
  public static WeightSource.WeightTable readWeights(
      SparkSession spark, JobSettings settings, JobSettings.Weights source, String setting) {
    WeightSource.WeightTable weights = WeightSource.read(spark, source, setting);
    weights.requireCategories(settings.categories().weights().keySet(), source.path());
    if (settings.sumsPerType()) {
      Caps.requireKnown(settings.caps(), weights.eventTypes(), source.path());
    }
    return weights;
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
    WeightSource.WeightTable weights =
        readWeights(spark, settings, settings.weights(), WeightSource.SETTING);
    return preview(spark, settings, periods, List.of(weights)).scores().get(0);
  }

  /**
   * What a run over {@code periods} would score with each of {@code weightTables} (read with {@link
   * #readWeights}), in that order, written nowhere. The events are read once: with several tables,
   * they are kept (memory and disk) after the steps that do not depend on the weights, until the
   * previews are closed.
   */
  public static Previews preview(
      SparkSession spark,
      JobSettings settings,
      List<Period> periods,
      List<WeightSource.WeightTable> weightTables) {
    // Every weight table is checked before any event is read.
    List<Dataset<Row>> periodWeights =
        weightTables.stream()
            .map(w -> PeriodWeights.of(spark, w, periods, settings.decayHalfLifeDays()))
            .toList();
    UnaryOperator<Dataset<Row>> customers = customerActivity(spark, settings, periods);
    Dataset<Row> dated = readDated(spark, settings, DateSpan.of(periods), Instant.now());
    Dataset<Row> events =
        weightTables.size() > 1 ? dated.persist(StorageLevel.MEMORY_AND_DISK()) : dated;
    List<Dataset<Row>> scores = new ArrayList<>();
    for (int i = 0; i < weightTables.size(); i++) {
      Dataset<Row> weights = periodWeights.get(i);
      Dataset<Row> counts =
          ScoringPipeline.eachOnce(
              ScoringPipeline.tagTypes(events, weightTables.get(i).eventTypes()));
      scores.add(
          ScoringPipeline.score(
              periodSums(
                      typeSums(settings, counts, periods, weights),
                      counts,
                      periods,
                      weights,
                      settings.categories())
                  .transform(customers::apply),
              weights,
              settings.normalization(),
              settings.tiers(),
              settings.tiersOnNormalized(),
              settings.categories()));
    }
    return new Previews(List.copyOf(scores), events);
  }

  /**
   * The scores of {@link #preview(SparkSession, JobSettings, List, List)}, one per weight table;
   * closing them releases the events kept for them.
   */
  public record Previews(List<Dataset<Row>> scores, Dataset<Row> events) implements AutoCloseable {
    @Override
    public void close() {
      events.unpersist();
    }
  }

  /**
   * The customer dimension's step ({@link CustomerActivity}), its table read and checked now,
   * before any event; without a dimension, a step that only adds the null segment.
   */
  public static UnaryOperator<Dataset<Row>> customerActivity(
      SparkSession spark, JobSettings settings, List<Period> periods) {
    return settings
        .customers()
        .map(
            c -> {
              Dataset<Row> customers =
                  CustomerSource.read(spark, c, settings.normalization().segmentColumn());
              Dataset<Row> periodRows = PeriodAssigner.periodRows(spark, periods);
              return (UnaryOperator<Dataset<Row>>)
                  sums -> CustomerActivity.apply(sums, customers, periodRows);
            })
        .orElse(CustomerActivity::none);
  }

  /**
   * What a forced score replaces: the tiered column, its scale and, for a normalized score with a
   * range, the range.
   */
  public static OverrideSource.ForcedScore forcedScore(JobSettings settings, String tiered) {
    Normalization n = settings.normalization();
    return tiered.equals(Columns.RAW_SCORE)
        ? new OverrideSource.ForcedScore(tiered, Columns.RAW_SCORE_TYPE.scale(), Optional.empty())
        : new OverrideSource.ForcedScore(
            tiered,
            Columns.NORMALIZED_SCORE_TYPE.scale(),
            // z-scores have no range.
            Optional.of(List.of(n.rangeMin(), n.rangeMax())).filter(range -> n.withinRange()));
  }

  /** The weights versions a run scored with, and those of the rows it replaced. */
  private record WeightsVersions(List<String> used, List<String> replaced) {}

  private static RunSummary summary(
      RunLog.Start start,
      String status,
      InputStats stats,
      Map<LocalDate, Long> previous,
      Published published) {
    RunSummary summary =
        new RunSummary(
            start.runId(),
            status,
            start.periods().get(0).kind(),
            start.periods(),
            stats,
            previous,
            published.rowsScored(),
            start.outputPath(),
            published.version(),
            start.configHash(),
            start.weightsHash(),
            published.versions().used(),
            published.versions().replaced(),
            Duration.between(start.started(), Instant.now()).toMillis(),
            published.accounts(),
            published.overrides(),
            published.alerts(),
            published.restatedRows());
    LOG.info("Run summary: {}", summary.toJson());
    return summary;
  }
}
