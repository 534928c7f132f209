package dev.engagement.score.core.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.engagement.score.core.categories.CategoryScores;
import dev.engagement.score.model.Columns;
import java.time.Instant;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The output table's schema, and the step that shapes scored rows into it. */
public final class OutputRows {
  /**
   * The version of {@link #SCHEMA}, recorded as a table property. Renaming, retyping or dropping a
   * column breaks readers: bump it, add src/test/resources/output-schema-v{N}.txt and say so in
   * docs/output-table.md.
   */
  public static final int SCHEMA_VERSION = 3;

  /**
   * Columns of schema version 1: a table with these, or any longer prefix of {@link #SCHEMA}, is
   * upgraded in place by adding the missing columns at the end.
   */
  public static final int VERSION_1_COLUMNS = 11;

  /** The scored table's columns, in order, with the comments catalogs and BI tools show. */
  public static final StructType SCHEMA =
      new StructType()
          .add(Columns.CUSTOMER_ID, DataTypes.StringType, true, "Customer the score belongs to")
          .add(
              Columns.PERIOD_KIND,
              DataTypes.StringType,
              true,
              "day, week, month, quarter or rolling_<N>d")
          .add(
              Columns.PERIOD_START,
              DataTypes.DateType,
              true,
              "First day of the period, in the business time zone (partition column)")
          .add(
              Columns.PERIOD_END,
              DataTypes.DateType,
              true,
              "Last day of the period, inclusive, in the business time zone")
          .add(
              Columns.EVENT_COUNT,
              DataTypes.LongType,
              true,
              "Events that make up the score (known type, after de-duplication); 0 for an active"
                  + " customer without events")
          .add(
              Columns.RAW_SCORE,
              Columns.RAW_SCORE_TYPE,
              true,
              "Exact sum of weight x count over the period's events")
          .add(
              Columns.NORMALIZED_SCORE,
              Columns.NORMALIZED_SCORE_TYPE,
              true,
              "raw_score normalized within the period and segment: min-max (optionally clipped),"
                  + " percentile rank, z-score or log-scaled min-max (null when normalization is"
                  + " off)")
          .add(
              Columns.TIER, DataTypes.StringType, true, "Engagement tier from the configured rules")
          .add(
              Columns.SCORED_AT,
              DataTypes.TimestampType,
              true,
              "When the run that wrote the row started (UTC instant)")
          .add(
              Columns.JOB_VERSION,
              DataTypes.StringType,
              true,
              "Version of the job that wrote the row")
          .add(
              Columns.RUN_ID,
              DataTypes.StringType,
              true,
              "Run that wrote the row: joins the _runs audit table and the rejects")
          // Version 2: added at the end, so that version 1 tables are upgraded in place.
          .add(
              Columns.WEIGHTS_VERSION,
              DataTypes.StringType,
              true,
              "Fingerprint of the weights valid on period_end (and the decay half-life, if any) that"
                  + " produced the row")
          .add(
              Columns.SEGMENT,
              DataTypes.StringType,
              true,
              "The customer's segment (normalize.segment_column of the customer dimension)")
          .add(
              Columns.PREVIOUS_RAW_SCORE,
              Columns.RAW_SCORE_TYPE,
              true,
              "raw_score of the customer's previous period (null: none, or trend off)")
          .add(
              Columns.PREVIOUS_NORMALIZED_SCORE,
              Columns.NORMALIZED_SCORE_TYPE,
              true,
              "normalized_score of the customer's previous period")
          .add(
              Columns.RAW_SCORE_CHANGE,
              Columns.RAW_SCORE_TYPE,
              true,
              "raw_score - previous_raw_score, exact")
          .add(
              Columns.NORMALIZED_SCORE_CHANGE,
              Columns.NORMALIZED_SCORE_TYPE,
              true,
              "normalized_score - previous_normalized_score")
          .add(
              Columns.TREND,
              DataTypes.StringType,
              true,
              "rising, stable, falling, new or returning (null when trend = none)")
          // Categories and combined scores (docs/categories.md).
          .add(
              Columns.SUB_SCORES,
              CategoryScores.SUB_SCORES_TYPE,
              true,
              "Per category, its sub-score min-max scaled within the period (null when"
                  + " categories.weights is empty)")
          .add(
              Columns.COMBINED_SCORE,
              Columns.NORMALIZED_SCORE_TYPE,
              true,
              "sub_scores combined with the categories.weights percentages (null when off)")
          // Version 3: activity states (docs/activity.md), overrides (docs/overrides.md) and
          // provisional periods (docs/restatements.md).
          .add(
              Columns.LAST_EVENT_DATE,
              DataTypes.DateType,
              true,
              "Business day of the customer's latest scored event up to period_end, from this or"
                  + " an earlier period (null: none in the table's history)")
          .add(
              Columns.DAYS_SINCE_LAST_EVENT,
              DataTypes.IntegerType,
              true,
              "Days from last_event_date to period_end (0: an event on the last day; null: never"
                  + " active)")
          .add(
              Columns.NEVER_ACTIVE,
              DataTypes.BooleanType,
              true,
              "No scored event in this period nor in any earlier one of the table")
          .add(
              Columns.ACTIVITY_STATE,
              DataTypes.StringType,
              true,
              "active (events, raw_score >= 0), net_negative (events, raw_score < 0) or no_events"
                  + " (an active customer without events: raw_score 0)")
          .add(
              Columns.OVERRIDDEN,
              DataTypes.BooleanType,
              true,
              "A manual override forced the score the tiers apply to and/or the tier")
          .add(
              Columns.OVERRIDE_REASON,
              DataTypes.StringType,
              true,
              "Why, from the overrides table (null when not overridden)")
          // Provisional vs final (docs/restatements.md).
          .add(
              Columns.PROVISIONAL,
              DataTypes.BooleanType,
              true,
              "True while a later scheduled run may still rewrite the period (it ends within"
                  + " lookback_days of the run); false once final (null in rows before version 3)");

  private OutputRows() {}

  /**
   * The score table's key columns with their comments: customer, period kind, start and end. The
   * companion tables (breakdown, transitions, drivers) start with them.
   */
  public static StructType periodKeys() {
    return new StructType()
        .add(SCHEMA.apply(Columns.CUSTOMER_ID))
        .add(SCHEMA.apply(Columns.PERIOD_KIND))
        .add(SCHEMA.apply(Columns.PERIOD_START))
        .add(SCHEMA.apply(Columns.PERIOD_END));
  }

  /**
   * Adds {@code scored_at} (a TIMESTAMP, not TIMESTAMP_NTZ), {@code job_version}, {@code run_id}.
   */
  public static Dataset<Row> shape(
      Dataset<Row> scores, Instant scoredAt, String jobVersion, String runId) {
    return shape(scores, SCHEMA, scoredAt, jobVersion, runId);
  }

  /** {@link #shape(Dataset, Instant, String, String)} into a companion table's {@code schema}. */
  public static Dataset<Row> shape(
      Dataset<Row> scores, StructType schema, Instant scoredAt, String jobVersion, String runId) {
    Column[] columns =
        Arrays.stream(schema.fields())
            .map(f -> col(f.name()).cast(f.dataType()).as(f.name()))
            .toArray(Column[]::new);
    return scores
        .withColumn(Columns.SCORED_AT, lit(scoredAt))
        .withColumn(Columns.JOB_VERSION, lit(jobVersion))
        .withColumn(Columns.RUN_ID, lit(runId))
        .select(columns);
  }
}
