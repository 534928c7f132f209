package dev.engagement.score.feature.activity;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.plugin.Feature;
import dev.engagement.score.core.plugin.RunContext;
import dev.engagement.score.core.scoring.History;
import dev.engagement.score.core.scoring.ScoreRules;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The activity columns (docs/activity.md): each score's activity state and last event, looking back
 * through the stored scores and the run's own earlier periods. Always on.
 */
public record ActivityFeature() implements Feature {
  public static Optional<Feature> from(JobSettings settings, ScoreRules rules) {
    return Optional.of(new ActivityFeature());
  }

  @Override
  public String name() {
    return "activity";
  }

  @Override
  public Dataset<Row> enrich(Dataset<Row> scored, RunContext run) {
    return ActivityStates.assign(scored, History.of(scored, run.storedScores()));
  }
}
