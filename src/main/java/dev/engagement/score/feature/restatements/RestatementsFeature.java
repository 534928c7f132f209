package dev.engagement.score.feature.restatements;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.plugin.Feature;
import dev.engagement.score.core.plugin.Published;
import dev.engagement.score.core.plugin.RunContext;
import dev.engagement.score.core.plugin.SummaryPart;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.core.table.AppendTable;
import dev.engagement.score.core.table.PathConflicts;
import dev.engagement.score.core.table.ScoreTable;
import dev.engagement.score.core.table.TableLocation;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Provisional and final scores, and the restatement log (docs/restatements.md). Its step marks each
 * scored row {@code provisional} ({@link Provisional}); its publish, registered before every
 * companion table's, appends to the log the final periods' scores that the score table's commit
 * changed ({@link RestatementLog}): if that fails, the run fails and the scores stay published. The
 * summary's and the audit row's {@code restated_rows} count them. Always on: the log is next to the
 * output unless {@code restatements.path} says otherwise.
 *
 * @param scores the score table as set, which the log's default follows
 * @param log the log, fully qualified once checked
 */
public record RestatementsFeature(
    RestatementSettings settings, TableLocation scores, Optional<TableLocation> log)
    implements Feature {
  private static final String DEFAULT_SUFFIX = "_restatements";

  public static Optional<Feature> from(JobSettings settings, ScoreRules rules) {
    return Optional.of(
        new RestatementsFeature(
            RestatementSettings.from(settings), ScoreTable.location(settings), Optional.empty()));
  }

  @Override
  public String name() {
    return RestatementSettings.BLOCK;
  }

  @Override
  public PathConflicts.Uses paths() {
    return PathConflicts.Uses.written(
        ConfigKeys.RESTATEMENTS_PATH + " (default: output.path + _restatements)", log(scores));
  }

  /** The log: {@code restatements.path}, or beside {@code scores}. */
  private TableLocation log(TableLocation scores) {
    return settings.path().map(TableLocation::path).orElse(scores.suffixed(DEFAULT_SUFFIX));
  }

  @Override
  public Feature check(SparkSession spark) {
    return new RestatementsFeature(
        settings,
        scores,
        Optional.of(
            AppendTable.check(
                spark,
                log(scores.qualified(spark)),
                Restatements.SCHEMA,
                RestatementSettings.BLOCK,
                ConfigKeys.RESTATEMENTS_PATH,
                "restatement log")));
  }

  /** The rows with {@code provisional}: whether a scheduled run may still rewrite their period. */
  @Override
  public Dataset<Row> enrich(Dataset<Row> scored, RunContext run) {
    JobSettings s = run.settings();
    return Provisional.mark(
        scored, Provisional.firstProvisionalEnd(run.started(), s.timezone(), s.lookbackDays()));
  }

  /** Logs the final periods' scores that the score table's commit changed. */
  @Override
  public Optional<SummaryPart> publish(Published published) {
    RunContext run = published.run();
    JobSettings s = run.settings();
    long restated =
        RestatementLog.append(
            run.spark(),
            new RestatementLog.Commit(run.output(), published.version(), run.periods()),
            log.orElseThrow(() -> new IllegalStateException("restatement log not checked")),
            run.audit(),
            new RestatementLog.Finality(s.timezone(), s.lookbackDays()),
            new Restatements.Run(run.runId(), run.started(), s.configHash(), settings.reason()));
    return Optional.of(part(restated));
  }

  @Override
  public Optional<SummaryPart> skipped() {
    return Optional.of(part(0));
  }

  private static SummaryPart part(long restated) {
    return SummaryPart.ofScoreTable(
        "restated_rows", restated, restated, Map.of("restated_rows", restated));
  }
}
