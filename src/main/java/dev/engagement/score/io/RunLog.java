package dev.engagement.score.io;

import dev.engagement.score.Columns;
import dev.engagement.score.JobVersion;
import dev.engagement.score.cli.RunSummary;
import dev.engagement.score.period.DateSpan;
import dev.engagement.score.period.Period;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code _runs} audit table: one row appended per run, successful or not, next to the output
 * (by default at {@code output.path + "_runs"}), answering "which run wrote this period, with which
 * weights and settings?".
 */
public final class RunLog {
  private static final Logger LOG = LoggerFactory.getLogger(RunLog.class);

  /** An override the run applied (docs/overrides.md). */
  public static final StructType OVERRIDE =
      new StructType()
          .add(Columns.CUSTOMER_ID, DataTypes.StringType)
          .add(Columns.PERIOD_START, DataTypes.DateType)
          .add(Columns.PERIOD_END, DataTypes.DateType)
          .add("score", Columns.RAW_SCORE_TYPE)
          .add("tier", DataTypes.StringType)
          .add("reason", DataTypes.StringType)
          .add("author", DataTypes.StringType);

  public static final StructType SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType)
          .add("started_at", DataTypes.TimestampType)
          .add("ended_at", DataTypes.TimestampType)
          .add("status", DataTypes.StringType)
          .add("period_kind", DataTypes.StringType)
          .add("first_period_start", DataTypes.DateType)
          .add("last_period_end", DataTypes.DateType)
          .add("periods", DataTypes.createArrayType(DataTypes.StringType))
          .add("rows_in", DataTypes.LongType)
          .add("rows_scored", DataTypes.LongType)
          .add("rejected", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
          .add("output_path", DataTypes.StringType)
          .add("output_version", DataTypes.LongType)
          .add("config_hash", DataTypes.StringType)
          .add("weights_hash", DataTypes.StringType)
          .add("job_version", DataTypes.StringType)
          .add("error", DataTypes.StringType)
          // Added later: appended with schema evolution to older audit tables.
          .add("weights_versions", DataTypes.createArrayType(DataTypes.StringType))
          .add("replaced_weights_versions", DataTypes.createArrayType(DataTypes.StringType))
          .add("overrides", DataTypes.createArrayType(OVERRIDE))
          .add("restated_rows", DataTypes.LongType);

  private RunLog() {}

  /** The row of a run that finished, with status ok or skipped. */
  public static Row finished(RunSummary s, Instant started) {
    return row(
        s.runId(),
        started,
        s.status(),
        s.periods(),
        s.rowsIn(),
        s.rowsScored(),
        s.rejected(),
        s.outputPath(),
        s.outputVersion(),
        s.configHash(),
        s.weightsHash(),
        null,
        s.weightsVersions(),
        s.replacedWeightsVersions(),
        s.overrides().stream()
            .map(
                o ->
                    RowFactory.create(
                        o.customerId(),
                        Date.valueOf(o.periodStart()),
                        Date.valueOf(o.periodEnd()),
                        o.score().orElse(null),
                        o.tier().orElse(null),
                        o.reason(),
                        o.author()))
            .toArray(Row[]::new),
        s.restatedRows());
  }

  /** The row of a run that failed; what it did not get to know is null. */
  public static Row failed(
      String runId,
      Instant started,
      List<Period> periods,
      String outputPath,
      String configHash,
      Throwable error) {
    return row(
        runId,
        started,
        "failed",
        periods,
        null,
        null,
        null,
        outputPath,
        null,
        configHash,
        null,
        error.getMessage() == null ? error.toString() : error.getMessage(),
        null,
        null,
        null,
        null);
  }

  private static Row row(
      String runId,
      Instant started,
      String status,
      List<Period> periods,
      Long rowsIn,
      Long rowsScored,
      Map<String, Long> rejected,
      String outputPath,
      Long outputVersion,
      String configHash,
      String weightsHash,
      String error,
      List<String> weightsVersions,
      List<String> replacedWeightsVersions,
      Row[] overrides,
      Long restatedRows) {
    DateSpan span = DateSpan.of(periods);
    return RowFactory.create(
        runId,
        Timestamp.from(started),
        Timestamp.from(Instant.now()),
        status,
        periods.get(0).kind(),
        Date.valueOf(span.first()),
        Date.valueOf(span.last()),
        periods.stream().map(p -> p.start() + ".." + p.end()).toArray(String[]::new),
        rowsIn,
        rowsScored,
        rejected == null ? null : scala.collection.JavaConverters.mapAsScalaMap(rejected),
        outputPath,
        outputVersion,
        configHash,
        weightsHash,
        JobVersion.VALUE,
        error,
        weightsVersions == null ? null : weightsVersions.toArray(String[]::new),
        replacedWeightsVersions == null ? null : replacedWeightsVersions.toArray(String[]::new),
        overrides,
        restatedRows);
  }

  /**
   * Appends one row. A failure to write the audit row is logged, never allowed to hide the run's
   * own outcome.
   */
  public static void append(SparkSession spark, String path, Row row) {
    try {
      DeltaCommits.withRetry(
          path,
          () ->
              spark
                  .createDataFrame(List.of(row), SCHEMA)
                  .write()
                  .format("delta")
                  .mode(SaveMode.Append)
                  // Audit tables of earlier versions get the columns added since.
                  .option("mergeSchema", "true")
                  .save(path));
    } catch (Exception e) {
      LOG.warn("Could not append run {} to the audit table {}", row.getString(0), path, e);
    }
  }
}
