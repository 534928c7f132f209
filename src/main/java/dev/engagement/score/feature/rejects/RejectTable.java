package dev.engagement.score.feature.rejects;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.engagement.score.core.table.DeltaCommits;
import dev.engagement.score.core.table.TableLocation;
import dev.engagement.score.model.Columns;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The rejects table: every event a run did not score, with its reason, appended to a Delta table
 * partitioned by {@code run_id} so that one run's rejects can be inspected, fixed and replayed.
 */
public final class RejectTable {
  public static final String REJECTED_AT = "rejected_at";

  /** The table's columns. */
  public static final StructType SCHEMA =
      new StructType()
          .add(Columns.RUN_ID, DataTypes.StringType)
          .add(REJECTED_AT, DataTypes.TimestampType)
          .add(Columns.REJECT_REASON, DataTypes.StringType)
          .add(Columns.CUSTOMER_ID, DataTypes.StringType)
          .add(Columns.EVENT_TYPE, DataTypes.StringType)
          .add(Columns.EVENT_TS, DataTypes.TimestampType)
          .add(Columns.EVENT_ID, DataTypes.StringType)
          .add(Columns.PERIOD_KIND, DataTypes.StringType)
          .add(Columns.PERIOD_START, DataTypes.DateType)
          .add(Columns.PERIOD_END, DataTypes.DateType);

  private RejectTable() {}

  /**
   * @param events the run's tagged events, one row per event and period
   */
  public static void append(Dataset<Row> events, TableLocation table, String runId, Instant at) {
    boolean hasId = Arrays.asList(events.columns()).contains(Columns.EVENT_ID);
    Column[] columns = {
      lit(runId).as(Columns.RUN_ID),
      lit(at).as(REJECTED_AT),
      col(Columns.REJECT_REASON),
      col(Columns.CUSTOMER_ID),
      col(Columns.EVENT_TYPE),
      col(Columns.EVENT_TS),
      (hasId ? col(Columns.EVENT_ID) : lit(null).cast(DataTypes.StringType)).as(Columns.EVENT_ID),
      col(Columns.PERIOD_KIND),
      col(Columns.PERIOD_START),
      col(Columns.PERIOD_END)
    };
    Dataset<Row> rejected = events.filter(col(Columns.REJECT_REASON).isNotNull()).select(columns);
    DeltaCommits.withRetry(
        table.toString(),
        () ->
            table.append(rejected, TableLocation.Creation.partitionedBy(Columns.RUN_ID), Map.of()));
  }
}
