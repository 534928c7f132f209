package dev.engagement.score.feature.transitions;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.plugin.Feature;
import dev.engagement.score.core.plugin.Published;
import dev.engagement.score.core.plugin.RunContext;
import dev.engagement.score.core.plugin.SummaryPart;
import dev.engagement.score.core.scoring.History;
import dev.engagement.score.core.scoring.OutputRows;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.core.table.PathConflicts;
import dev.engagement.score.core.table.ScoreTable;
import dev.engagement.score.model.JobVersion;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The transitions table ({@code transitions.path}, docs/transitions.md): the scored rows against
 * each customer's previous period, from the output table's stored rows (not those of these periods)
 * and the scored rows themselves. Written after the scores, so that no alert fires on scores that
 * were not published; its summary part counts the rows each alert rule fired on.
 */
public record TransitionsFeature(String path, Alerts alerts) implements Feature {
  /** On when {@code transitions.path} is set. */
  public static Optional<Feature> from(JobSettings settings, ScoreRules rules) {
    return TransitionSettings.from(settings.block("transitions"), rules.tiers());
  }

  @Override
  public String name() {
    return "transitions";
  }

  @Override
  public PathConflicts.Uses paths() {
    return PathConflicts.Uses.written(ConfigKeys.TRANSITIONS_PATH, path);
  }

  @Override
  public Feature check(SparkSession spark) {
    return new TransitionsFeature(ScoreTable.check(spark, path, TransitionsTable.LAYOUT), alerts);
  }

  @Override
  public Optional<SummaryPart> publish(Published published) {
    RunContext run = published.run();
    Dataset<Row> scored = published.scored();
    // Read twice: the write, then the alert counts.
    Dataset<Row> rows =
        TierTransitions.of(
                scored,
                History.of(scored, run.storedScores()),
                History.previousPeriods(run.spark(), run.periods(), run.settings().calendar()),
                alerts)
            .transform(
                r ->
                    OutputRows.shape(
                        r, TierTransitions.SCHEMA, run.started(), JobVersion.VALUE, run.runId()))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      ScoreTable.write(
          rows, path, run.periods(), run.runId(), run.labels(), TransitionsTable.LAYOUT);
      Map<String, Long> fired = TierTransitions.alertCounts(rows, alerts);
      return Optional.of(new SummaryPart("alerts", fired, fired));
    } finally {
      rows.unpersist();
    }
  }
}
