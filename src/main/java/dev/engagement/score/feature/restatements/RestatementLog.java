package dev.engagement.score.feature.restatements;

import dev.engagement.score.core.table.DeltaCommits;
import dev.engagement.score.core.table.ScoreTable;
import dev.engagement.score.core.table.TableLocation;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.Period;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The restatement log (docs/restatements.md): an append-only Delta table, by default beside the
 * score table ({@code output.path + "_restatements"}, or the managed table's name + that), of the
 * changes a run made to periods that were already final. Computed after the score commit, from the
 * score table itself by time travel (the version before the run's commit against the run's commit),
 * so the scores are computed once.
 */
public final class RestatementLog {
  private static final StructType NO_RUNS =
      new StructType()
          .add(Columns.RUN_ID, DataTypes.StringType)
          .add(Columns.CONFIG_HASH, DataTypes.StringType);

  private RestatementLog() {}

  /**
   * The score commit whose restatements are logged: version {@code version} of the score table
   * {@code output}, which replaced {@code periods}.
   */
  public record Commit(TableLocation output, long version, List<Period> periods) {}

  /**
   * What makes a stored row final: for rows written before schema version 3, {@link
   * Provisional#wasFinal} with {@code zone} and {@code lookbackDays}.
   */
  public record Finality(ZoneId zone, int lookbackDays) {}

  /**
   * Appends the restatements of {@code commit} to {@code log}, and returns how many rows it logged
   * (0: no final period changed, and nothing is written). Rows count as final by {@code finality};
   * the causes compare the old rows' settings from the {@code audit} table. Fails, naming both
   * versions, when the log cannot be written: the scores stay published.
   */
  public static long append(
      SparkSession spark,
      Commit commit,
      TableLocation log,
      TableLocation audit,
      Finality finality,
      Restatements.Run run) {
    TableLocation output = commit.output();
    long version = commit.version();
    if (version == 0) {
      return 0; // the run created the table: nothing was final before it
    }
    try {
      // The commit before the run's holds exactly the rows it replaced: Delta refuses a
      // replaceWhere commit that conflicts with a concurrent change to the same periods. The
      // upgrade to schema version 3 is committed before the data, so it has the provisional column.
      Dataset<Row> before =
          rowsAt(spark, output, version - 1, commit.periods())
              .filter(Provisional.wasFinal(finality.zone(), finality.lookbackDays()));
      if (before.isEmpty()) {
        return 0;
      }
      Dataset<Row> runs = runs(spark, audit);
      Dataset<Row> rows =
          Restatements.diff(before, rowsAt(spark, output, version, commit.periods()), runs, run)
              .persist(StorageLevel.MEMORY_AND_DISK());
      try {
        return write(rows, log, run.runId());
      } finally {
        rows.unpersist();
      }
    } catch (Exception e) { // Spark's AnalysisException too: it is checked in Java's eyes
      throw notWritten(commit, log, e);
    }
  }

  /** The audit table's runs, none when there is no audit table yet. */
  private static Dataset<Row> runs(SparkSession spark, TableLocation audit) {
    return audit.exists(spark) ? audit.read(spark) : spark.createDataFrame(List.of(), NO_RUNS);
  }

  /**
   * Appends {@code rows} to {@code log}, tagged with {@code runId}, when there are any: how many.
   */
  private static long write(Dataset<Row> rows, TableLocation log, String runId) {
    long count = rows.count();
    if (count > 0) {
      DeltaCommits.withRetry(
          log.toString(),
          () ->
              log.append(
                  rows,
                  TableLocation.Creation.partitionedBy(),
                  // Logs of earlier versions get the columns added since.
                  Map.of("mergeSchema", "true", "userMetadata", runId)));
    }
    return count;
  }

  /** The failure to log the restatements of {@code commit}, which stays published. */
  private static IllegalStateException notWritten(Commit commit, TableLocation log, Exception e) {
    long version = commit.version();
    return new IllegalStateException(
        "The scores are published (version "
            + version
            + " of "
            + commit.output()
            + "), but the restatement log "
            + log
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

  private static Dataset<Row> rowsAt(
      SparkSession spark, TableLocation output, long version, List<Period> periods) {
    return output.read(spark, version).where(ScoreTable.replacePredicate(periods));
  }
}
