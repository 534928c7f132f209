package dev.engagement.score.feature.trend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.try_subtract;
import static org.apache.spark.sql.functions.when;

import dev.engagement.score.core.scoring.History;
import dev.engagement.score.model.Columns;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Compares each customer's score with its score in the previous period: the previous raw and
 * normalized scores, the exact changes, and a direction: {@code rising} or {@code falling} when the
 * change of the configured score passes the stable band, {@code stable} within it (both ends
 * included), {@code new} without a score in the previous period nor before it, {@code returning}
 * without one in the previous period but with one before it. Trend off: the columns are null.
 */
public final class TrendAssigner {
  public static final String RISING = "rising";
  public static final String STABLE = "stable";
  public static final String FALLING = "falling";
  public static final String NEW = "new";
  public static final String RETURNING = "returning";

  private static final String FIRST_START = "first_period_start";

  private TrendAssigner() {}

  /**
   * @param scores this run's scores, one row per customer and period
   * @param history scores of the same period kind to compare with (customer, period kind and start,
   *     raw and normalized score): the table's other periods and this run's own
   * @param previousPeriods for each scored period (kind, start), the start of the period before it,
   *     {@code previous_period_start}
   */
  public static Dataset<Row> assign(
      Dataset<Row> scores, Dataset<Row> history, Dataset<Row> previousPeriods, Trend trend) {
    if (!trend.enabled()) {
      return scores
          .withColumn(Columns.PREVIOUS_RAW_SCORE, lit(null).cast(Columns.RAW_SCORE_TYPE))
          .withColumn(
              Columns.PREVIOUS_NORMALIZED_SCORE, lit(null).cast(Columns.NORMALIZED_SCORE_TYPE))
          .withColumn(Columns.RAW_SCORE_CHANGE, lit(null).cast(Columns.RAW_SCORE_TYPE))
          .withColumn(
              Columns.NORMALIZED_SCORE_CHANGE, lit(null).cast(Columns.NORMALIZED_SCORE_TYPE))
          .withColumn(Columns.TREND, lit(null).cast(DataTypes.StringType));
    }
    Dataset<Row> first =
        history
            .groupBy(Columns.CUSTOMER_ID, Columns.PERIOD_KIND)
            .agg(min(Columns.PERIOD_START).as(FIRST_START));
    Column rawChange =
        try_subtract(col(Columns.RAW_SCORE), col(Columns.PREVIOUS_RAW_SCORE))
            .cast(Columns.RAW_SCORE_TYPE);
    Column normalizedChange =
        try_subtract(col(Columns.NORMALIZED_SCORE), col(Columns.PREVIOUS_NORMALIZED_SCORE))
            .cast(Columns.NORMALIZED_SCORE_TYPE);
    Column change =
        trend.score() == Trend.Score.RAW
            ? col(Columns.RAW_SCORE_CHANGE)
            : col(Columns.NORMALIZED_SCORE_CHANGE);
    Column band = lit(trend.stableBand());
    Column direction =
        when(
                col(Columns.PREVIOUS_RAW_SCORE).isNull(),
                when(col(FIRST_START).lt(col(History.PREVIOUS_START)), RETURNING).otherwise(NEW))
            .when(change.gt(band), RISING)
            .when(change.lt(band.unary_$minus()), FALLING)
            .when(change.isNotNull(), STABLE);
    String[] columns =
        concat(
            scores.columns(),
            Columns.PREVIOUS_RAW_SCORE,
            Columns.PREVIOUS_NORMALIZED_SCORE,
            Columns.RAW_SCORE_CHANGE,
            Columns.NORMALIZED_SCORE_CHANGE,
            Columns.TREND);
    return History.withPrevious(
            scores,
            history,
            previousPeriods,
            col(Columns.RAW_SCORE).as(Columns.PREVIOUS_RAW_SCORE),
            col(Columns.NORMALIZED_SCORE).as(Columns.PREVIOUS_NORMALIZED_SCORE))
        .join(first, Columns.joinKeys(Columns.CUSTOMER_ID, Columns.PERIOD_KIND), "left")
        .withColumn(Columns.RAW_SCORE_CHANGE, rawChange)
        .withColumn(Columns.NORMALIZED_SCORE_CHANGE, normalizedChange)
        .withColumn(Columns.TREND, direction)
        .select(Columns.cols(columns));
  }

  @SafeVarargs
  private static <T> T[] concat(T[] first, T... more) {
    T[] all = Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }
}
