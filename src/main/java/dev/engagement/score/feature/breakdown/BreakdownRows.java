package dev.engagement.score.feature.breakdown;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.engagement.score.core.scoring.OutputRows;
import dev.engagement.score.core.scoring.ScoreAggregator;
import dev.engagement.score.core.scoring.TypeSums;
import dev.engagement.score.core.weights.Weighting;
import dev.engagement.score.model.Columns;
import java.time.Instant;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The breakdown table's schema, and the step that shapes per-type sums ({@link TypeSums}) into it:
 * one row per customer, period and scored event type, whose contributions add up to the score
 * table's {@code raw_score} exactly. See docs/breakdown.md.
 */
public final class BreakdownRows {
  /** The version of {@link #SCHEMA}, recorded as a table property; bump it on breaking changes. */
  public static final int SCHEMA_VERSION = 1;

  public static final StructType SCHEMA =
      OutputRows.periodKeys()
          .add(Columns.EVENT_TYPE, DataTypes.StringType, true, "Event type (as in the weights)")
          .add(
              Columns.EVENT_COUNT,
              DataTypes.LongType,
              true,
              "Events of the type in the period (after de-duplication)")
          .add(
              Columns.COUNTED,
              DataTypes.LongType,
              true,
              "Events that count in the score: event_count, or the type's cap when lower")
          .add(Columns.WEIGHT, Columns.WEIGHT_TYPE, true, "The type's weight")
          .add(
              Columns.CONTRIBUTION,
              Columns.RAW_SCORE_TYPE,
              true,
              "weight x counted, exact: a customer's contributions add up to its raw_score")
          .add(
              Columns.SCORED_AT,
              DataTypes.TimestampType,
              true,
              "When the run that wrote the row started (UTC instant)")
          .add(
              Columns.RUN_ID,
              DataTypes.StringType,
              true,
              "Run that wrote the row: the same run_id as its rows in the score table");

  private BreakdownRows() {}

  /**
   * The scorable rows of {@code typeSums} of the customers and periods that {@code periodSums}
   * scores (after the customer dimension, which may leave an inactive customer's events unscored),
   * with the weight as a decimal, scored_at and run_id: so every breakdown row explains a score
   * row.
   */
  public static Dataset<Row> shape(
      Dataset<Row> typeSums, Dataset<Row> periodSums, Instant scoredAt, String runId) {
    Column[] columns =
        Arrays.stream(SCHEMA.fields())
            .map(f -> col(f.name()).cast(f.dataType()).as(f.name()))
            .toArray(Column[]::new);
    return TypeSums.scored(typeSums, periodSums)
        .withColumn(
            Columns.WEIGHT,
            ScoreAggregator.fromMicros(col(Weighting.WEIGHT_MICROS)).cast(Columns.WEIGHT_TYPE))
        .withColumn(Columns.SCORED_AT, lit(scoredAt))
        .withColumn(Columns.RUN_ID, lit(runId))
        .select(columns);
  }
}
