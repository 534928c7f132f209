package dev.engagement.score.feature.breakdown;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.decay.DecaySettings;
import dev.engagement.score.core.plugin.Feature;
import dev.engagement.score.core.plugin.Published;
import dev.engagement.score.core.plugin.RunContext;
import dev.engagement.score.core.plugin.SummaryPart;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.core.table.PathConflicts;
import dev.engagement.score.core.table.ScoreTable;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The breakdown table ({@code breakdown.path}, docs/breakdown.md): each score split by event type.
 * Written after the score table; if it fails, the run fails (audit row {@code failed}), the new
 * scores stay, and the breakdown keeps the previous run's rows of these periods (another run_id)
 * until a rerun.
 */
public record BreakdownFeature(String path) implements Feature {
  /** On when {@code breakdown.path} is set; refused with recency decay. */
  public static Optional<Feature> from(JobSettings settings, ScoreRules rules) {
    Optional<String> path = settings.block("breakdown").optional("path");
    if (path.isPresent() && rules.decayHalfLifeDays().isPresent()) {
      throw DecaySettings.refusedPerType(settings.block("decay"));
    }
    return path.map(BreakdownFeature::new);
  }

  @Override
  public String name() {
    return "breakdown";
  }

  @Override
  public PathConflicts.Uses paths() {
    return PathConflicts.Uses.written(ConfigKeys.BREAKDOWN_PATH, path);
  }

  @Override
  public Feature check(SparkSession spark) {
    return new BreakdownFeature(ScoreTable.check(spark, path, BreakdownTable.LAYOUT));
  }

  @Override
  public boolean needsTypeSums() {
    return true;
  }

  @Override
  public Optional<SummaryPart> publish(Published published) {
    RunContext run = published.run();
    ScoreTable.write(
        BreakdownRows.shape(
            run.typeSums().orElseThrow(), run.periodSums(), run.started(), run.runId()),
        path,
        run.periods(),
        run.runId(),
        run.labels(),
        BreakdownTable.LAYOUT);
    return Optional.empty();
  }
}
