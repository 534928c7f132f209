package dev.engagement.score.feature.drivers;

import dev.engagement.score.core.scoring.OutputRows;
import dev.engagement.score.model.Columns;
import java.time.Instant;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The drivers table's schema and column names, and the step that shapes {@link Drivers#compare}'s
 * rows into it: one row per customer, scored period and event type whose contribution moved since
 * the customer's previous period (or that contributes, when the previous period is unknown). See
 * docs/drivers.md.
 */
public final class DriverRows {
  /** The version of {@link #SCHEMA}, recorded as a table property; bump it on breaking changes. */
  public static final int SCHEMA_VERSION = 1;

  /** The type's contribution in the customer's previous period: 0 without events of the type. */
  public static final String PREVIOUS_CONTRIBUTION = "previous_contribution";

  /** The type's contribution in the period: 0 when only the previous period had it. */
  public static final String CURRENT_CONTRIBUTION = "current_contribution";

  /** {@code current_contribution - previous_contribution}, exact. */
  public static final String CHANGE = "change";

  /** 1 = the largest absolute change of the customer's period; ties by event type. */
  public static final String RANK = "rank";

  /** The text of a customer-period's largest changes, see {@link Drivers#top}. */
  public static final String TOP_DRIVERS = "top_drivers";

  public static final StructType SCHEMA =
      OutputRows.periodKeys()
          .add(Columns.EVENT_TYPE, DataTypes.StringType, true, "Event type (as in the weights)")
          .add(
              PREVIOUS_CONTRIBUTION,
              Columns.RAW_SCORE_TYPE,
              true,
              "The type's contribution in the customer's previous period (0: none then; null:"
                  + " the previous period is unknown)")
          .add(
              CURRENT_CONTRIBUTION,
              Columns.RAW_SCORE_TYPE,
              true,
              "The type's contribution in this period, as in the breakdown (0: none now)")
          .add(
              CHANGE,
              Columns.RAW_SCORE_TYPE,
              true,
              "current_contribution - previous_contribution, exact (null: previous period"
                  + " unknown)")
          .add(
              RANK,
              DataTypes.IntegerType,
              true,
              "1 = the largest absolute change of the customer's period; ties by event_type"
                  + " ascending (null: previous period unknown)")
          .add(OutputRows.SCHEMA.apply(Columns.SCORED_AT))
          .add(OutputRows.SCHEMA.apply(Columns.RUN_ID));

  private DriverRows() {}

  /**
   * {@code drivers} ({@link Drivers#compare}) with scored_at and run_id, cast to {@link #SCHEMA}
   * (which has no job_version).
   */
  public static Dataset<Row> shape(Dataset<Row> drivers, Instant scoredAt, String runId) {
    return OutputRows.shape(drivers, SCHEMA, scoredAt, null, runId);
  }
}
