package dev.engagement.score;

import dev.engagement.score.cli.CommandLine;
import dev.engagement.score.cli.RunSummary;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SettingsLoader;
import dev.engagement.score.io.EventSource;
import dev.engagement.score.io.ScoreTable;
import dev.engagement.score.io.WeightSource;
import dev.engagement.score.period.DateSpan;
import dev.engagement.score.period.Period;
import dev.engagement.score.transform.EventTypeCounter;
import dev.engagement.score.transform.EventValidator;
import dev.engagement.score.transform.InputStats;
import dev.engagement.score.transform.MinMaxNormalizer;
import dev.engagement.score.transform.OutputRows;
import dev.engagement.score.transform.PeriodAssigner;
import dev.engagement.score.transform.ScoreAggregator;
import dev.engagement.score.transform.TierAssigner;
import dev.engagement.score.transform.Weighting;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engagement-score job: events -> validate -> periods -> weight -> aggregate -> normalize ->
 * tier -> write. Prints a one-line JSON run summary as the last line of stdout; exits 0 on success,
 * 2 on bad input (a message saying what to fix), 1 on any other failure.
 */
public final class ScoreJob {
  private static final Logger LOG = LoggerFactory.getLogger(ScoreJob.class);

  private ScoreJob() {}

  public static void main(String[] args) {
    if (Arrays.asList(args).contains("--help")) {
      System.out.println(CommandLine.USAGE);
      return;
    }
    int exitCode = 0;
    try {
      // Settings are parsed and validated before Spark starts: bad input fails in a second.
      CommandLine cli = CommandLine.parse(args);
      JobSettings settings = SettingsLoader.load(cli.configFiles(), cli.overrides());
      List<Period> periods = cli.periods(settings, Clock.systemUTC());
      SparkSession spark =
          SparkSession.builder()
              .appName("engagement-score")
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
              .config(
                  "spark.sql.catalog.spark_catalog",
                  "org.apache.spark.sql.delta.catalog.DeltaCatalog")
              .getOrCreate();
      try {
        System.out.println(run(spark, settings, periods).toJson());
      } finally {
        spark.stop();
      }
    } catch (UserInputException e) {
      System.err.println("ERROR: " + e.getMessage());
      exitCode = UserInputException.EXIT_CODE;
    } catch (Exception e) { // Spark's AnalysisException is checked in Java's eyes
      LOG.error("The engagement-score job failed", e);
      exitCode = 1;
    }
    System.exit(exitCode);
  }

  /** Scores {@code periods} and writes them; the session must run in UTC with Delta enabled. */
  public static RunSummary run(SparkSession spark, JobSettings settings, List<Period> periods) {
    Instant started = Instant.now();
    DateSpan span = DateSpan.of(periods);
    Dataset<Row> weights = WeightSource.read(spark, settings.weights());
    Dataset<Row> weightedCounts =
        EventValidator.validate(EventSource.read(spark, settings.events(), span), settings.events())
            .transform(events -> PeriodAssigner.assign(events, periods, settings.timezone()))
            .transform(EventTypeCounter::count)
            .transform(counts -> Weighting.attach(counts, weights))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      InputStats stats = InputStats.of(weightedCounts);
      LOG.info("Events read for {}..{}: {}", span.first(), span.last(), stats);
      if (stats.eventsIn() == 0) {
        throw new UserInputException(
            "No events in "
                + settings.events().path()
                + " for "
                + span.first()
                + ".."
                + span.last()
                + " ("
                + settings.timezone()
                + "); nothing was written."
                + " Check the dates and events.path, or wait for upstream data.");
      }
      Dataset<Row> scored =
          weightedCounts
              .transform(ScoreAggregator::score)
              .transform(scores -> MinMaxNormalizer.normalize(scores, settings.normalization()))
              .transform(
                  scores ->
                      TierAssigner.assign(scores, settings.tiers(), settings.tiersOnNormalized()))
              .transform(scores -> OutputRows.shape(scores, started, JobVersion.VALUE));
      ScoreTable.WriteResult written = ScoreTable.write(scored, settings.outputPath(), periods);
      RunSummary summary =
          new RunSummary(
              "ok",
              periods.get(0).kind(),
              periods,
              stats.eventsIn(),
              written.rowsWritten(),
              stats.unknownTypeEvents(),
              stats.nullCustomerEvents(),
              stats.nullTimeEvents(),
              written.path(),
              written.version(),
              Duration.between(started, Instant.now()).toMillis());
      LOG.info("Run summary: {}", summary.toJson());
      return summary;
    } finally {
      weightedCounts.unpersist();
    }
  }
}
