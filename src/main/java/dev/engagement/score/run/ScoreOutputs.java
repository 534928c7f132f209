package dev.engagement.score.run;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.plugin.Feature;
import dev.engagement.score.core.table.AppendTable;
import dev.engagement.score.core.table.CatalogTable;
import dev.engagement.score.core.table.PathConflicts;
import dev.engagement.score.core.table.ScoreTable;
import dev.engagement.score.core.table.TableLocation;
import dev.engagement.score.core.views.BiViews;
import dev.engagement.score.core.weights.WeightSource;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * Every table a scoring run writes, fully qualified and checked before any input is read: each is
 * new or a table of this job (never someone else's files or table), and the catalog name, when set,
 * is free or already this table, and its views' names free or views.
 *
 * @param output the score table: at {@code output.path}, or the managed table {@code catalog.table}
 * @param audit the audit table: {@code audit.path}, or beside the score table ({@code _runs})
 * @param features the run's features, their tables checked and their paths qualified
 * @param registered the name the score table's path is registered under ({@code catalog.table},
 *     unless the table is managed: then the name is the table)
 * @param views the BI views beside the catalog name, when {@code catalog.table} is set
 */
public record ScoreOutputs(
    TableLocation output,
    TableLocation audit,
    List<Feature> features,
    Optional<String> registered,
    Optional<BiViews> views) {
  private static final String AUDIT_SUFFIX = "_runs";

  /**
   * Checks, in this order: that no path the run writes (the command line's included) equals or
   * nests with another one or with a path it reads, before Spark reads anything; then each table,
   * the catalog name and its views.
   */
  public static ScoreOutputs check(SparkSession spark, ScoreRun.Plan plan) {
    JobSettings settings = plan.settings();
    List<Feature> features = plan.features();
    PathConflicts.check(spark, paths(settings, features).plus(plan.cli()));
    TableLocation output =
        ScoreTable.check(spark, ScoreTable.location(settings), ScoreTable.SCORES);
    Optional<String> registered = output.path().flatMap(path -> settings.catalogTable());
    registered.ifPresent(name -> CatalogTable.check(spark, name, output.toString()));
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
            audit(settings, output),
            RunLog.SCHEMA,
            "audit",
            ConfigKeys.AUDIT_PATH,
            "audit table"),
        features.stream().map(f -> f.check(spark)).toList(),
        registered,
        views);
  }

  /** After the score table's commit: its name in the catalog, if it needs one, and its views. */
  public void register(SparkSession spark) {
    registered.ifPresent(name -> CatalogTable.register(spark, name, output.toString()));
    views.ifPresent(v -> v.create(spark));
  }

  /** The audit table: {@code audit.path}, or beside {@code output}. */
  private static TableLocation audit(JobSettings s, TableLocation output) {
    return s.auditPath().map(TableLocation::path).orElse(output.suffixed(AUDIT_SUFFIX));
  }

  /**
   * The paths a scoring run reads and writes, named by their settings for messages, and the managed
   * tables it writes.
   */
  public static PathConflicts.Uses paths(JobSettings s, List<Feature> features) {
    TableLocation output = ScoreTable.location(s);
    PathConflicts.Uses uses =
        new PathConflicts.Uses(
                List.of(
                    new PathConflicts.Use(
                        ConfigKeys.EVENTS_PATH + " (--events)", s.events().path()),
                    new PathConflicts.Use(WeightSource.SETTING, s.weights().path())),
                List.of())
            .plus(PathConflicts.Uses.written(ScoreTable.SCORES.setting(), output))
            .plus(
                PathConflicts.Uses.written(
                    ConfigKeys.AUDIT_PATH + " (default: output.path + _runs)", audit(s, output)));
    for (Feature feature : features) {
      uses = uses.plus(feature.paths());
    }
    return uses;
  }
}
