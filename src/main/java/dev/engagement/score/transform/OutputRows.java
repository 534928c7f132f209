package dev.engagement.score.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.engagement.score.Columns;
import java.time.Instant;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The output table's schema, and the step that shapes scored rows into it. */
public final class OutputRows {
  /** The scored table's columns, in order (documented in the README). */
  public static final StructType SCHEMA =
      new StructType()
          .add(Columns.CUSTOMER_ID, DataTypes.StringType)
          .add(Columns.PERIOD_KIND, DataTypes.StringType)
          .add(Columns.PERIOD_START, DataTypes.DateType)
          .add(Columns.PERIOD_END, DataTypes.DateType)
          .add(Columns.EVENT_COUNT, DataTypes.LongType)
          .add(Columns.RAW_SCORE, Columns.RAW_SCORE_TYPE)
          .add(Columns.NORMALIZED_SCORE, Columns.NORMALIZED_SCORE_TYPE)
          .add(Columns.TIER, DataTypes.StringType)
          .add(Columns.SCORED_AT, DataTypes.TimestampType)
          .add(Columns.JOB_VERSION, DataTypes.StringType)
          .add(Columns.RUN_ID, DataTypes.StringType);

  private OutputRows() {}

  /**
   * Adds {@code scored_at} (a TIMESTAMP, not TIMESTAMP_NTZ), {@code job_version}, {@code run_id}.
   */
  public static Dataset<Row> shape(
      Dataset<Row> scores, Instant scoredAt, String jobVersion, String runId) {
    Column[] columns =
        Arrays.stream(SCHEMA.fields())
            .map(f -> col(f.name()).cast(f.dataType()).as(f.name()))
            .toArray(Column[]::new);
    return scores
        .withColumn(Columns.SCORED_AT, lit(scoredAt))
        .withColumn(Columns.JOB_VERSION, lit(jobVersion))
        .withColumn(Columns.RUN_ID, lit(runId))
        .select(columns);
  }
}
