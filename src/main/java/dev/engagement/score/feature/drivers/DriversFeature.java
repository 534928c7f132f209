package dev.engagement.score.feature.drivers;

import static org.apache.spark.sql.functions.col;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.plugin.Feature;
import dev.engagement.score.core.plugin.Published;
import dev.engagement.score.core.plugin.RunContext;
import dev.engagement.score.core.plugin.SummaryPart;
import dev.engagement.score.core.scoring.History;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.core.scoring.TypeSums;
import dev.engagement.score.core.table.PathConflicts;
import dev.engagement.score.core.table.ScoreTable;
import dev.engagement.score.core.table.StoragePath;
import dev.engagement.score.core.table.StoredScores;
import dev.engagement.score.model.Columns;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;

/**
 * Change drivers ({@code drivers.path}, docs/drivers.md): after the score table, the drivers table
 * of the run's periods, each event type's contribution compared with the customer's previous
 * period, from the table's stored rows of other periods and the run's own. Its summary part gives
 * the table's commit. The score table gets a {@code top_drivers} column: the largest changes as
 * text. Both come from the same rows, computed once per run ({@link #prepare}).
 *
 * @param drivers the run's drivers ({@link Drivers#compare}), once prepared
 */
public record DriversFeature(DriversSettings settings, Optional<Dataset<Row>> drivers)
    implements Feature {
  /** The score table's column: the largest changes as text ({@link Drivers#top}). */
  private static final StructField TOP_DRIVERS =
      DataTypes.createStructField(DriverRows.TOP_DRIVERS, DataTypes.StringType, true)
          .withComment(
              "The event types whose contribution changed most since the previous period, as"
                  + " 'event_type change' joined by ', ' (drivers.top of them); null when the"
                  + " previous period is unknown or nothing changed (docs/drivers.md)");

  /** On when {@code drivers.path} is set. */
  public static Optional<Feature> from(JobSettings settings, ScoreRules rules) {
    return DriversSettings.from(settings, rules).map(s -> new DriversFeature(s, Optional.empty()));
  }

  @Override
  public String name() {
    return DriversSettings.BLOCK;
  }

  @Override
  public PathConflicts.Uses paths() {
    return PathConflicts.Uses.written(DriversTable.PATH_SETTING, settings.path());
  }

  @Override
  public Feature check(SparkSession spark) {
    String path = ScoreTable.check(spark, settings.path(), DriversTable.LAYOUT);
    return new DriversFeature(new DriversSettings(path, settings.top()), drivers);
  }

  /** The run's drivers, kept: the step reads them for top_drivers, the write for the table. */
  @Override
  public Feature prepare(RunContext run) {
    return new DriversFeature(
        settings, Optional.of(compare(run).persist(StorageLevel.MEMORY_AND_DISK())));
  }

  @Override
  public void release() {
    drivers.ifPresent(Dataset::unpersist);
  }

  @Override
  public boolean needsTypeSums() {
    return true;
  }

  @Override
  public List<StructField> scoreColumns() {
    return List.of(TOP_DRIVERS);
  }

  /** The score rows with {@code top_drivers}: null for a customer without drivers rows. */
  @Override
  public Dataset<Row> enrich(Dataset<Row> scored, RunContext run) {
    String[] keys = {Columns.CUSTOMER_ID, Columns.PERIOD_KIND, Columns.PERIOD_START};
    return scored.join(Drivers.top(prepared(), settings.top()), Columns.joinKeys(keys), "left");
  }

  @Override
  public Optional<SummaryPart> publish(Published published) {
    RunContext run = published.run();
    ScoreTable.WriteResult written =
        ScoreTable.write(
            DriverRows.shape(prepared(), run.started(), run.runId()),
            settings.path(),
            run.periods(),
            run.runId(),
            run.labels(),
            DriversTable.LAYOUT);
    Map<String, Object> part = new LinkedHashMap<>();
    part.put("path", settings.path());
    part.put("version", written.version());
    part.put("rows", written.rowsWritten());
    part.put("unknown_previous_rows", prepared().where(col(DriverRows.RANK).isNull()).count());
    return Optional.of(new SummaryPart(name(), part, part));
  }

  private Dataset<Row> prepared() {
    return drivers.orElseThrow(() -> new IllegalStateException("drivers used before prepare"));
  }

  /**
   * The run's drivers ({@link Drivers#compare}): its contributions against the previous periods'.
   */
  private Dataset<Row> compare(RunContext run) {
    Dataset<Row> current =
        TypeSums.scored(run.typeSums().orElseThrow(), run.periodSums())
            .select(
                Columns.cols(
                    Columns.CUSTOMER_ID,
                    Columns.PERIOD_KIND,
                    Columns.PERIOD_START,
                    Columns.PERIOD_END,
                    Columns.EVENT_TYPE,
                    Columns.CONTRIBUTION));
    return Drivers.compare(
        current,
        Drivers.history(stored(run), current),
        History.previousPeriods(run.spark(), run.periods(), run.settings().calendar()));
  }

  /** The drivers table's rows of the periods the run compares with (none before its first run). */
  private Dataset<Row> stored(RunContext run) {
    SparkSession spark = run.spark();
    if (!StoragePath.isDelta(spark, settings.path())) {
      return spark.createDataFrame(List.of(), DriverRows.SCHEMA);
    }
    return StoredScores.earlier(spark.read().format("delta").load(settings.path()), run.periods());
  }
}
