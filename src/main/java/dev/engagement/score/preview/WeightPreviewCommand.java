package dev.engagement.score.preview;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engagement.score.cli.Launcher;
import dev.engagement.score.cli.PreviewCommandLine;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SettingsLoader;
import dev.engagement.score.config.TierRules;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.core.table.PathConflicts;
import dev.engagement.score.core.table.RunSession;
import dev.engagement.score.core.table.ScoreTable;
import dev.engagement.score.core.table.SummaryFile;
import dev.engagement.score.core.weights.WeightSource;
import dev.engagement.score.model.JobVersion;
import dev.engagement.score.model.Period;
import dev.engagement.score.run.Features;
import dev.engagement.score.run.Previews;
import dev.engagement.score.run.Reads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code preview-weights}: scores the requested periods with the current weights ({@code
 * weights.path}) and with proposed ones, from one read of the events and with the job's own code
 * ({@link Previews}), writes no score table, and prints the tier-migration matrix and the customers
 * who move most, then a one-line JSON summary; optionally writes both to a report table. See
 * docs/weight-preview.md.
 */
public final class WeightPreviewCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  private WeightPreviewCommand() {}

  /**
   * The command with its arguments parsed: settings loaded and checked, without Spark; what it does
   * once a session exists (prints the report, returns the JSON summary).
   */
  public static Launcher.Prepared command(PreviewCommandLine cli) {
    JobSettings settings = SettingsLoader.load(cli.job().configFiles(), cli.job().overrides());
    if (cli.job().printConfig()) {
      return new Launcher.Done(settings.effectiveConfig().stripTrailing());
    }
    List<Period> periods = cli.job().periods(settings, Clock.systemUTC());
    // Checked too, before Spark starts: the score's rules and the features' blocks (the customer
    // dimension's step is the preview's).
    Features.of(settings, ScoreRules.from(settings));
    return spark -> {
      Result result = run(spark, settings, periods, cli.proposedWeights(), cli.job().paths());
      System.out.println(result.text());
      cli.job().summaryPath().ifPresent(path -> SummaryFile.write(spark, path, result.json()));
      return result.json();
    };
  }

  /**
   * What the command prints: the report as text, then the one-line JSON summary (the last line).
   */
  public record Result(String text, String json) {}

  /**
   * Compares {@code periods} scored with the current and the proposed weights (at {@code
   * proposedPath}, read with {@code weights.format}). Both weight tables are read and checked
   * before any event is read. The session must run in UTC with Delta enabled.
   */
  public static Result run(
      SparkSession spark, JobSettings settings, List<Period> periods, String proposedPath) {
    return run(spark, settings, periods, proposedPath, PathConflicts.Uses.NONE);
  }

  /**
   * {@link #run(SparkSession, JobSettings, List, String)}, also checking the paths the command line
   * itself reads and writes ({@code cli}) against the command's.
   */
  public static Result run(
      SparkSession caller,
      JobSettings settings,
      List<Period> periods,
      String proposedPath,
      PathConflicts.Uses cli) {
    Instant started = Instant.now();
    String runId = UUID.randomUUID().toString();
    SparkSession spark = RunSession.tagged(caller, runId);
    JobSettings.Preview options = settings.preview();
    ScoreRules rules = ScoreRules.from(settings);
    PathConflicts.check(spark, paths(settings, proposedPath).plus(cli));
    Optional<String> report =
        options.reportPath().map(path -> ScoreTable.check(spark, path, PreviewReportTable.LAYOUT));
    WeightSource.WeightTable current =
        Reads.weights(spark, rules, settings.weights(), WeightSource.SETTING);
    WeightSource.WeightTable proposed =
        Reads.weights(
            spark,
            rules,
            new JobSettings.Weights(proposedPath, settings.weights().format()),
            PreviewCommandLine.PROPOSED_WEIGHTS_FLAG);
    try (Previews previews =
        Previews.of(spark, settings, rules, periods, List.of(current, proposed))) {
      // Read by the matrix, the movers and the report: the events are scored once per side.
      Dataset<Row> compared =
          WeightChangePreview.compare(previews.scores().get(0), previews.scores().get(1))
              .persist(StorageLevel.MEMORY_AND_DISK());
      try {
        Dataset<Row> migration = WeightChangePreview.migration(compared);
        Dataset<Row> movers = WeightChangePreview.movers(compared, options.top());
        List<Row> cells = migration.collectAsList();
        List<Row> top = movers.collectAsList();
        Optional<ScoreTable.WriteResult> written =
            report.map(
                path ->
                    ScoreTable.write(
                        WeightChangePreview.report(
                            migration, movers, current.hash(), proposed.hash(), started, runId),
                        path,
                        periods,
                        runId,
                        Map.of(ScoreTable.JOB_VERSION_PROPERTY, JobVersion.VALUE),
                        PreviewReportTable.LAYOUT));
        String text =
            PreviewText.format(
                periods,
                rules.tiers().tiers().stream().map(TierRules.Tier::name).toList(),
                cells,
                top,
                rules.normalization().enabled());
        return new Result(
            text,
            summary(runId, periods, cells, new WeightTables(current, proposed), written, started));
      } finally {
        compared.unpersist();
      }
    }
  }

  /** What the command reads (the events and both weight tables) and writes (its report). */
  private static PathConflicts.Uses paths(JobSettings settings, String proposedPath) {
    List<PathConflicts.Use> reads = new ArrayList<>();
    reads.add(new PathConflicts.Use("events.path (--events)", settings.events().path()));
    reads.add(new PathConflicts.Use(WeightSource.SETTING, settings.weights().path()));
    reads.add(new PathConflicts.Use(PreviewCommandLine.PROPOSED_WEIGHTS_FLAG, proposedPath));
    settings
        .block("customers")
        .optional("path")
        .ifPresent(path -> reads.add(new PathConflicts.Use("customers.path", path)));
    return new PathConflicts.Uses(
        reads,
        settings
            .preview()
            .reportPath()
            .map(p -> List.of(new PathConflicts.Use("preview.report_path (--report)", p)))
            .orElse(List.of()));
  }

  /** The weight tables compared: the current ({@code weights.path}) and the proposed one. */
  private record WeightTables(
      WeightSource.WeightTable current, WeightSource.WeightTable proposed) {}

  private static String summary(
      String runId,
      List<Period> periods,
      List<Row> cells,
      WeightTables weights,
      Optional<ScoreTable.WriteResult> written,
      Instant started) {
    long customers = 0;
    long changed = 0;
    for (Row r : cells) {
      long n = r.<Long>getAs(WeightChangePreview.CUSTOMERS);
      customers += n;
      if (!Objects.equals(
          r.getAs(WeightChangePreview.CURRENT_TIER), r.getAs(WeightChangePreview.PROPOSED_TIER))) {
        changed += n;
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("command", PreviewCommandLine.NAME);
    m.put("run_id", runId);
    m.put("period_kind", periods.get(0).kind());
    m.put("periods", periods.stream().map(p -> p.start() + ".." + p.end()).toList());
    m.put("customers_compared", customers);
    m.put("tier_changes", changed);
    m.put("current_weights_hash", weights.current().hash());
    m.put("proposed_weights_hash", weights.proposed().hash());
    m.put("report_path", written.map(ScoreTable.WriteResult::path).orElse(null));
    m.put("report_version", written.map(ScoreTable.WriteResult::version).orElse(null));
    m.put("duration_ms", Duration.between(started, Instant.now()).toMillis());
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
