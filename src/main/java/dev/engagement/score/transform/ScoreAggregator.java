package dev.engagement.score.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import dev.engagement.score.Columns;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Sums weighted counts into one row per customer and period: {@code raw_score = sum(weight x
 * count)} in exact decimals, and {@code event_count}, the number of events that make it up.
 */
public final class ScoreAggregator {
  private ScoreAggregator() {}

  /**
   * Weighted counts (per day or per event, assigned to periods, see {@link Weighting}) to sums per
   * customer, period and reject reason. Rejected events keep their own rows (reason not null), so
   * that {@link InputStats} counts them; their {@code raw_score} means nothing.
   */
  public static Dataset<Row> sumPeriods(Dataset<Row> weightedCounts) {
    return weightedCounts
        .groupBy(
            Columns.CUSTOMER_ID,
            Columns.PERIOD_KIND,
            Columns.PERIOD_START,
            Columns.PERIOD_END,
            Columns.REJECT_REASON)
        .agg(
            sum(Columns.EVENT_COUNT).as(Columns.EVENT_COUNT),
            sum(col(Columns.WEIGHT).multiply(col(Columns.EVENT_COUNT)))
                .cast(Columns.RAW_SCORE_TYPE)
                .as(Columns.RAW_SCORE));
  }

  /** Period sums to the raw scores: one row per customer and period, scorable events only. */
  public static Dataset<Row> score(Dataset<Row> periodSums) {
    return periodSums.filter(col(Columns.REJECT_REASON).isNull()).drop(Columns.REJECT_REASON);
  }
}
