package dev.engagement.score.feature.restatements;

import dev.engagement.score.core.table.DeltaCommits;
import dev.engagement.score.core.table.ScoreTable;
import dev.engagement.score.core.table.StoragePath;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.Period;
import java.time.ZoneId;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The restatement log (docs/restatements.md): an append-only Delta table, by default at {@code
 * output.path + "_restatements"}, of the changes a run made to periods that were already final.
 * Computed after the score commit, from the score table itself by time travel (the version before
 * the run's commit against the run's commit), so the scores are computed once.
 */
public final class RestatementLog {
  private static final StructType NO_RUNS =
      new StructType()
          .add(Columns.RUN_ID, DataTypes.StringType)
          .add(Columns.CONFIG_HASH, DataTypes.StringType);

  private RestatementLog() {}

  /**
   * Appends the restatements of the score commit {@code version} of {@code output}, which replaced
   * {@code periods}, to {@code path}, and returns how many rows it logged (0: no final period
   * changed, and nothing is written). Rows written before schema version 3 count as final by {@link
   * Provisional#wasFinal} with {@code zone} and {@code lookbackDays}; the causes compare the old
   * rows' settings from the {@code audit} table. Fails, naming both versions, when the log cannot
   * be written: the scores stay published.
   */
  public static long append(
      SparkSession spark,
      String output,
      long version,
      List<Period> periods,
      String path,
      String audit,
      ZoneId zone,
      int lookbackDays,
      Restatements.Run run) {
    if (version == 0) {
      return 0; // the run created the table: nothing was final before it
    }
    try {
      // The commit before the run's holds exactly the rows it replaced: Delta refuses a
      // replaceWhere commit that conflicts with a concurrent change to the same periods. The
      // upgrade to schema version 3 is committed before the data, so it has the provisional column.
      Dataset<Row> before =
          rowsAt(spark, output, version - 1, periods)
              .filter(Provisional.wasFinal(zone, lookbackDays));
      if (before.isEmpty()) {
        return 0;
      }
      Dataset<Row> runs =
          StoragePath.isDelta(spark, audit)
              ? spark.read().format("delta").load(audit)
              : spark.createDataFrame(List.of(), NO_RUNS);
      Dataset<Row> log =
          Restatements.diff(before, rowsAt(spark, output, version, periods), runs, run)
              .persist(StorageLevel.MEMORY_AND_DISK());
      try {
        long rows = log.count();
        if (rows > 0) {
          DeltaCommits.withRetry(
              path,
              () ->
                  log.write()
                      .format("delta")
                      .mode(SaveMode.Append)
                      // Logs of earlier versions get the columns added since.
                      .option("mergeSchema", "true")
                      .option("userMetadata", run.runId())
                      .save(path));
        }
        return rows;
      } finally {
        log.unpersist();
      }
    } catch (Exception e) { // Spark's AnalysisException too: it is checked in Java's eyes
      throw new IllegalStateException(
          "The scores are published (version "
              + version
              + " of "
              + output
              + "), but the restatement log "
              + path
              + " could not be written: "
              + e.getMessage()
              + ". The restated rows are the differences between versions "
              + (version - 1)
              + " and "
              + version
              + " of these periods; a rerun compares with version "
              + version
              + " and will not log them again (see docs/restatements.md).",
          e);
    }
  }

  private static Dataset<Row> rowsAt(
      SparkSession spark, String output, long version, List<Period> periods) {
    return spark
        .read()
        .format("delta")
        .option("versionAsOf", version)
        .load(output)
        .where(ScoreTable.replacePredicate(periods));
  }
}
