package dev.engagement.score;

import static org.apache.spark.sql.functions.col;

import dev.engagement.score.cli.BacktestCommandLine;
import dev.engagement.score.cli.CommandLine;
import dev.engagement.score.cli.Launcher;
import dev.engagement.score.cli.PreviewCommandLine;
import dev.engagement.score.cli.RunSummary;
import dev.engagement.score.config.Alerts;
import dev.engagement.score.config.Caps;
import dev.engagement.score.config.Categories;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.Normalization;
import dev.engagement.score.config.SettingsLoader;
import dev.engagement.score.io.AccountTable;
import dev.engagement.score.io.BreakdownTable;
import dev.engagement.score.io.CatalogTable;
import dev.engagement.score.io.CustomerSource;
import dev.engagement.score.io.DailyAggregate;
import dev.engagement.score.io.EventSource;
import dev.engagement.score.io.OverrideSource;
import dev.engagement.score.io.RejectTable;
import dev.engagement.score.io.RestatementLog;
import dev.engagement.score.io.RunLog;
import dev.engagement.score.io.ScoreTable;
import dev.engagement.score.io.SummaryFile;
import dev.engagement.score.io.TransitionsTable;
import dev.engagement.score.io.WeightSource;
import dev.engagement.score.period.DateSpan;
import dev.engagement.score.period.Period;
import dev.engagement.score.transform.AccountRollup;
import dev.engagement.score.transform.BreakdownRows;
import dev.engagement.score.transform.CustomerActivity;
import dev.engagement.score.transform.EventValidator;
import dev.engagement.score.transform.InputStats;
import dev.engagement.score.transform.OutputContract;
import dev.engagement.score.transform.OutputRows;
import dev.engagement.score.transform.Overrides;
import dev.engagement.score.transform.PeriodAssigner;
import dev.engagement.score.transform.PeriodWeights;
import dev.engagement.score.transform.Provisional;
import dev.engagement.score.transform.RejectTagger;
import dev.engagement.score.transform.Restatements;
import dev.engagement.score.transform.ScoreAggregator;
import dev.engagement.score.transform.ScoringPipeline;
import dev.engagement.score.transform.TierTransitions;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
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
    if (args.length > 0 && args[0].equals(PreviewCommandLine.NAME)) {
      System.exit(WeightPreviewCommand.launch(Arrays.copyOfRange(args, 1, args.length)));
    }
    if (args.length > 0 && args[0].equals(BacktestCommandLine.COMMAND)) {
      BacktestJob.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (Arrays.asList(args).contains("--help")) {
      System.out.println(CommandLine.USAGE);
      return;
    }
    System.exit(
        Launcher.launch(
            "engagement-score",
            () -> {
              CommandLine cli = CommandLine.parse(args);
              JobSettings settings = SettingsLoader.load(cli.configFiles(), cli.overrides());
              List<Period> periods = cli.periods(settings, Clock.systemUTC());
              return spark -> {
                String summary = run(spark, settings, periods).toJson();
                cli.summaryPath().ifPresent(path -> SummaryFile.write(spark, path, summary));
                return summary;
              };
            }));
  }

  /**
   * Scores {@code periods} and writes them, then appends the run, successful or not, to the audit
   * table. The session must run in UTC with Delta enabled.
   */
  public static RunSummary run(SparkSession spark, JobSettings settings, List<Period> periods) {
    Instant started = Instant.now();
    String runId = UUID.randomUUID().toString();
    String output = ScoreTable.check(spark, settings.outputPath());
    String audit = settings.auditPath().orElse(output + "_runs");
    settings.catalogTable().ifPresent(name -> CatalogTable.check(spark, name, output));
    try {
      RunSummary summary = score(spark, settings, periods, runId, started, output, audit);
      RunLog.append(spark, audit, RunLog.finished(summary, started));
      return summary;
    } catch (Exception e) { // Spark's AnalysisException too: it is checked in Java's eyes
      RunLog.append(
          spark, audit, RunLog.failed(runId, started, periods, output, settings.configHash(), e));
      throw e;
    }
  }

  private static RunSummary score(
      SparkSession spark,
      JobSettings settings,
      List<Period> periods,
      String runId,
      Instant started,
      String output,
      String audit) {
    JobSettings.Events source = settings.events();
    DateSpan span = DateSpan.of(periods);
    WeightSource.WeightTable weights =
        readWeights(spark, settings, settings.weights(), WeightSource.SETTING);
    Dataset<Row> periodWeights =
        PeriodWeights.of(spark, weights, periods, settings.decayHalfLifeDays());
    UnaryOperator<Dataset<Row>> customers = customerActivity(spark, settings, periods);
    Optional<String> aggregate =
        settings.aggregate().map(a -> DailyAggregate.check(spark, a.path()));
    Optional<String> accountTable =
        settings.accounts().map(a -> ScoreTable.check(spark, a.path(), AccountTable.LAYOUT));
    Optional<String> breakdown =
        settings.breakdownPath().map(path -> ScoreTable.check(spark, path, BreakdownTable.LAYOUT));
    LocalDate runDate = LocalDate.ofInstant(started, settings.timezone());
    String tiered =
        ScoringPipeline.tieredColumn(settings.tiersOnNormalized(), settings.categories());
    Optional<List<OverrideSource.Override>> overrides =
        settings
            .overrides()
            .map(
                o ->
                    OverrideSource.read(
                        spark, o, settings.tiers(), forcedScore(settings, tiered), runDate));
    Optional<String> transitions =
        settings.transitions().map(t -> ScoreTable.check(spark, t.path(), TransitionsTable.LAYOUT));
    String sourceHash = sourceHash(settings, weights.eventTypes());
    DailyAggregate.Plan plan =
        settings
            .aggregate()
            .map(
                a ->
                    DailyAggregate.Plan.of(
                        span,
                        DailyAggregate.storedDays(spark, aggregate.get(), span, sourceHash),
                        runDate,
                        a.rereadDays()))
            .orElse(new DailyAggregate.Plan(Optional.empty(), span, Optional.empty()));
    if (aggregate.isPresent()) {
      LOG.info(
          "Run {}: days from the daily aggregate {}, read from the events {}, stored {}",
          runId,
          plan.reuse().map(Object::toString).orElse("none"),
          plan.read(),
          plan.store().map(Object::toString).orElse("none"));
    }
    Dataset<Row> events = readTagged(spark, settings, plan.read(), weights, started);
    // Days to store are counted per day first (and kept for the write); otherwise each event goes
    // to its periods directly, saving a shuffle.
    Dataset<Row> fresh =
        plan.store().isPresent()
            ? ScoringPipeline.countDays(events).persist(StorageLevel.MEMORY_AND_DISK())
            : ScoringPipeline.eachOnce(events);
    Dataset<Row> counts =
        plan.reuse()
            .map(days -> fresh.unionByName(DailyAggregate.read(spark, aggregate.get(), days)))
            .orElse(fresh);
    // Kept for the breakdown table, which is written from them after the scores: the events are
    // read once.
    Optional<Dataset<Row>> typeSums =
        typeSums(settings, counts, periods, periodWeights)
            .map(sums -> sums.persist(StorageLevel.MEMORY_AND_DISK()));
    // Small (one row per customer and period) and read three times: statistics, period bounds,
    // rows.
    Dataset<Row> periodSums =
        periodSums(typeSums, counts, periods, periodWeights, settings.categories())
            .transform(customers::apply)
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      InputStats stats = InputStats.of(periodSums);
      LOG.info("Run {}: events read for {}..{}: {}", runId, span.first(), span.last(), stats);
      settings
          .rejectsPath()
          .ifPresent(
              path ->
                  RejectTable.append(PeriodAssigner.assign(events, periods), path, runId, started));
      if (stats.eventsIn() == 0 && settings.onEmpty() != JobSettings.OnEmpty.WRITE_EMPTY) {
        if (settings.onEmpty() == JobSettings.OnEmpty.FAIL) {
          throw new UserInputException(
              "No events in "
                  + source.path()
                  + " for "
                  + span.first()
                  + ".."
                  + span.last()
                  + " ("
                  + settings.timezone()
                  + "); nothing was written. Check the dates and events.path, wait for upstream"
                  + " data, or set on_empty = write_empty or skip.");
        }
        return summary(
            runId,
            "skipped",
            periods,
            stats,
            0,
            output,
            ScoreTable.version(spark, output),
            settings,
            weights,
            new WeightsVersions(PeriodWeights.distinctVersions(periodWeights), List.of()),
            started,
            Optional.empty(),
            List.of(),
            Optional.empty(),
            0);
      }
      requireFewRejects(stats, settings.maxRejectRatio());
      Dataset<Row> stored = ScoreTable.earlierScores(spark, output, periods);
      Dataset<Row> scored =
          ScoringPipeline.score(
                  periodSums,
                  periodWeights,
                  settings.normalization(),
                  settings.tiers(),
                  settings.tiersOnNormalized(),
                  settings.categories())
              .transform(
                  rows ->
                      ScoringPipeline.trend(
                          rows, stored, periods, settings.calendar(), settings.trend()))
              .transform(rows -> ScoringPipeline.activity(rows, stored))
              .transform(
                  rows ->
                      overrides
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
                              started, settings.timezone(), settings.lookbackDays())))
              .transform(rows -> OutputRows.shape(rows, started, JobVersion.VALUE, runId))
              .transform(
                  rows -> OutputContract.enforce(rows, settings.normalization(), settings.tiers()));
      Map<String, String> labels =
          Map.of(
              ScoreTable.JOB_VERSION_PROPERTY,
              JobVersion.VALUE,
              ScoreTable.WEIGHTS_HASH_PROPERTY,
              weights.hash());
      List<String> replaced = ScoreTable.storedWeightsVersions(spark, output, periods);
      ScoreTable.WriteResult written = ScoreTable.write(scored, output, periods, runId, labels);
      List<RunSummary.AppliedOverride> applied =
          overrides
              .map(
                  list ->
                      OverrideSource.applied(
                          list,
                          runDate,
                          ScoreTable.overriddenRows(spark, output, written.version(), runId)))
              .orElse(List.of());
      // Right after the commit it explains; if it fails, the run fails (see RestatementLog).
      long restated =
          RestatementLog.append(
              spark,
              output,
              written.version(),
              periods,
              settings.restatementsPath().orElse(output + "_restatements"),
              audit,
              settings.timezone(),
              settings.lookbackDays(),
              new Restatements.Run(
                  runId, started, settings.configHash(), settings.restatementsReason()));
      Optional<RunSummary.Accounts> accounts =
          accountTable.map(
              path ->
                  writeAccounts(
                      events, periodSums, periods, settings, path, runId, started, labels));
      // Only after the scores are committed, so that it never explains scores that were not
      // published. If it fails, the run fails (audit row "failed"), the new scores stay, and the
      // breakdown keeps the previous run's rows of these periods (another run_id) until a rerun.
      breakdown.ifPresent(
          path ->
              ScoreTable.write(
                  BreakdownRows.shape(typeSums.get(), periodSums, started, runId),
                  path,
                  periods,
                  runId,
                  labels,
                  BreakdownTable.LAYOUT));
      // Likewise after the scores, so that no alert fires on scores that were not published.
      Optional<Map<String, Long>> alerts =
          transitions.map(
              path ->
                  writeTransitions(
                      scored, stored, periods, settings, path, runId, started, labels));
      plan.store()
          .ifPresent(days -> DailyAggregate.write(fresh, aggregate.get(), days, sourceHash, runId));
      settings.catalogTable().ifPresent(name -> CatalogTable.register(spark, name, output));
      return summary(
          runId,
          "ok",
          periods,
          stats,
          written.rowsWritten(),
          output,
          written.version(),
          settings,
          weights,
          new WeightsVersions(PeriodWeights.distinctVersions(periodWeights), replaced),
          started,
          accounts,
          applied,
          alerts,
          restated);
    } finally {
      periodSums.unpersist();
      typeSums.ifPresent(Dataset::unpersist);
      fresh.unpersist();
    }
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
      Dataset<Row> events,
      Dataset<Row> periodSums,
      List<Period> periods,
      JobSettings settings,
      String path,
      String runId,
      Instant started,
      Map<String, String> labels) {
    // One row per account and period, read twice: the unassigned count, then the rows.
    Dataset<Row> sums =
        AccountRollup.combine(
                // Customers without events (customers.path) have no account to count for.
                ScoreAggregator.score(periodSums).filter(col(Columns.EVENT_COUNT).gt(0)),
                AccountRollup.members(events, periods),
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
      Dataset<Row> scored,
      Dataset<Row> stored,
      List<Period> periods,
      JobSettings settings,
      String path,
      String runId,
      Instant started,
      Map<String, String> labels) {
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
  private static String sourceHash(JobSettings settings, List<String> eventTypes) {
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
                e.minTime().toString(),
                // They change the stored days' customer ids, reject reasons and times
                // (customer_id_integers only decides whether integer ids are read at all).
                e.customerIdWhitespace().toString(),
                e.timeEncoding().toString()),
            "timezone",
            settings.timezone().getId(),
            "event_types",
            String.join("\n", eventTypes.stream().sorted().toList())));
  }

  /**
   * The events of {@code days}, validated and tagged with their day and reject reasons; the
   * backtest counts them the same way.
   */
  static Dataset<Row> readTagged(
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
   * tiers=...}); skips the reject-ratio and empty-period checks. The session must run in UTC.
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
  private static UnaryOperator<Dataset<Row>> customerActivity(
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
  private static OverrideSource.ForcedScore forcedScore(JobSettings settings, String tiered) {
    Normalization n = settings.normalization();
    return tiered.equals(Columns.RAW_SCORE)
        ? new OverrideSource.ForcedScore(tiered, Columns.RAW_SCORE_TYPE.scale(), Optional.empty())
        : new OverrideSource.ForcedScore(
            tiered,
            Columns.NORMALIZED_SCORE_TYPE.scale(),
            // z-scores have no range.
            Optional.of(List.of(n.rangeMin(), n.rangeMax())).filter(range -> n.withinRange()));
  }

  private static void requireFewRejects(InputStats stats, BigDecimal maxRatio) {
    long bad = stats.badEvents();
    if (BigDecimal.valueOf(bad).compareTo(maxRatio.multiply(BigDecimal.valueOf(stats.eventsIn())))
        > 0) {
      throw new UserInputException(
          bad
              + " of "
              + stats.eventsIn()
              + " events were rejected "
              + stats.rejectedByReason()
              + ", more than max_reject_ratio = "
              + maxRatio.toPlainString()
              + " allows; nothing was published. Inspect the rejects (--rejects PATH), fix the"
              + " input, or raise max_reject_ratio.");
    }
  }

  /** The weights versions a run scored with, and those of the rows it replaced. */
  private record WeightsVersions(List<String> used, List<String> replaced) {}

  private static RunSummary summary(
      String runId,
      String status,
      List<Period> periods,
      InputStats stats,
      long rowsScored,
      String output,
      long version,
      JobSettings settings,
      WeightSource.WeightTable weights,
      WeightsVersions versions,
      Instant started,
      Optional<RunSummary.Accounts> accounts,
      List<RunSummary.AppliedOverride> overrides,
      Optional<Map<String, Long>> alerts,
      long restatedRows) {
    RunSummary summary =
        new RunSummary(
            runId,
            status,
            periods.get(0).kind(),
            periods,
            stats.eventsIn(),
            rowsScored,
            stats.rejectedByReason(),
            output,
            version,
            settings.configHash(),
            weights.hash(),
            versions.used(),
            versions.replaced(),
            Duration.between(started, Instant.now()).toMillis(),
            accounts,
            overrides,
            alerts,
            restatedRows);
    LOG.info("Run summary: {}", summary.toJson());
    return summary;
  }
}
