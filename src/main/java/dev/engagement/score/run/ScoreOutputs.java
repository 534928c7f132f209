package dev.engagement.score.run;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.plugin.Feature;
import dev.engagement.score.core.table.AppendTable;
import dev.engagement.score.core.table.CatalogTable;
import dev.engagement.score.core.table.PathConflicts;
import dev.engagement.score.core.table.ScoreTable;
import dev.engagement.score.core.views.BiViews;
import dev.engagement.score.core.weights.WeightSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * Every table a scoring run writes, fully qualified and checked before any input is read: each is
 * new or a table of this job (never someone else's files or table), and the catalog name, when set,
 * is free or already this table, and its views' names free or views.
 *
 * @param audit the audit table: {@code audit.path}, or the output's path + {@code _runs}
 * @param features the run's features, their tables checked and their paths qualified
 * @param views the BI views beside the catalog name, when {@code catalog.table} is set
 */
public record ScoreOutputs(
    String output, String audit, List<Feature> features, Optional<BiViews> views) {

  /**
   * Checks, in this order: that no path the run writes (the command line's included) equals or
   * nests with another one or with a path it reads, before Spark reads anything; then each table,
   * the catalog name and its views.
   */
  public static ScoreOutputs check(SparkSession spark, ScoreRun.Plan plan) {
    JobSettings settings = plan.settings();
    List<Feature> features = plan.features();
    PathConflicts.check(spark, paths(settings, features).plus(plan.cli()));
    String output = ScoreTable.check(spark, settings.outputPath());
    settings.catalogTable().ifPresent(name -> CatalogTable.check(spark, name, output));
    Optional<BiViews> views =
        settings
            .catalogTable()
            .map(
                name ->
                    BiViews.of(name, plan.periods(), plan.rules().categories().weights().keySet()));
    views.ifPresent(v -> v.check(spark));
    return new ScoreOutputs(
        output,
        AppendTable.check(
            spark,
            settings.auditPath().orElse(output + "_runs"),
            RunLog.SCHEMA,
            "audit",
            ConfigKeys.AUDIT_PATH,
            "audit table"),
        features.stream().map(f -> f.check(spark)).toList(),
        views);
  }

  /** The paths a scoring run reads and writes, named by their settings for messages. */
  public static PathConflicts.Uses paths(JobSettings s, List<Feature> features) {
    List<PathConflicts.Use> reads = new ArrayList<>();
    reads.add(new PathConflicts.Use(ConfigKeys.EVENTS_PATH + " (--events)", s.events().path()));
    reads.add(new PathConflicts.Use(WeightSource.SETTING, s.weights().path()));
    List<PathConflicts.Use> writes = new ArrayList<>();
    writes.add(new PathConflicts.Use(ScoreTable.SCORES.setting(), s.outputPath()));
    writes.add(
        new PathConflicts.Use(
            ConfigKeys.AUDIT_PATH + " (default: output.path + _runs)",
            s.auditPath().orElse(s.outputPath() + "_runs")));
    PathConflicts.Uses uses = new PathConflicts.Uses(List.copyOf(reads), List.copyOf(writes));
    for (Feature feature : features) {
      uses = uses.plus(feature.paths());
    }
    return uses;
  }
}
