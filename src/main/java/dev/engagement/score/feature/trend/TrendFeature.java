package dev.engagement.score.feature.trend;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.plugin.Feature;
import dev.engagement.score.core.plugin.RunContext;
import dev.engagement.score.core.scoring.History;
import dev.engagement.score.core.scoring.ScoreRules;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The trend columns (docs/trend.md): each score against the customer's previous period, looked up
 * among the stored scores and the run's own, so that a run over several periods compares them with
 * each other. Always registered: with {@code trend.score = none} its columns are null.
 */
public record TrendFeature(Trend trend) implements Feature {
  public static Optional<Feature> from(JobSettings settings, ScoreRules rules) {
    return Optional.of(
        new TrendFeature(TrendSettings.from(settings.block("trend"), rules.normalization())));
  }

  @Override
  public String name() {
    return "trend";
  }

  @Override
  public Dataset<Row> enrich(Dataset<Row> scored, RunContext run) {
    return TrendAssigner.assign(
        scored,
        History.of(scored, run.storedScores()),
        History.previousPeriods(run.spark(), run.periods(), run.settings().calendar()),
        trend);
  }
}
