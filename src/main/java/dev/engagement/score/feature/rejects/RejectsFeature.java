package dev.engagement.score.feature.rejects;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.plugin.Feature;
import dev.engagement.score.core.plugin.RunContext;
import dev.engagement.score.core.scoring.PeriodAssigner;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.core.table.AppendTable;
import dev.engagement.score.core.table.PathConflicts;
import dev.engagement.score.core.table.TableLocation;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The rejects table ({@code rejects.path}, {@code --rejects}; {@link RejectTable}): every event the
 * run did not score, appended once the run has counted, before its guards, so that it also explains
 * a run that failed for too many rejects or skipped publishing.
 */
public record RejectsFeature(TableLocation table) implements Feature {
  static final String BLOCK = "rejects";
  private static final String SETTING = ConfigKeys.REJECTS_PATH + " (--rejects)";

  /** On when {@code rejects.path} is set. */
  public static Optional<Feature> from(JobSettings settings, ScoreRules rules) {
    return settings
        .block(BLOCK)
        .optional("path")
        .map(p -> new RejectsFeature(TableLocation.path(p)));
  }

  @Override
  public String name() {
    return BLOCK;
  }

  @Override
  public PathConflicts.Uses paths() {
    return PathConflicts.Uses.written(SETTING, table);
  }

  @Override
  public Feature check(SparkSession spark) {
    return new RejectsFeature(
        AppendTable.check(spark, table, RejectTable.SCHEMA, BLOCK, SETTING, "rejects table"));
  }

  @Override
  public void counted(RunContext run) {
    RejectTable.append(
        PeriodAssigner.assign(run.events(), run.periods()), table, run.runId(), run.started());
  }
}
