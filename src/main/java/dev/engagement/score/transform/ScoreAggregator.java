package dev.engagement.score.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import dev.engagement.score.Columns;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Sums weighted per-type counts into one row per customer and period: {@code raw_score = sum(weight
 * x count)} in exact decimals, and {@code event_count}, the number of events that make it up.
 * Rejected events are left out here and counted by {@link InputStats}.
 */
public final class ScoreAggregator {
  private ScoreAggregator() {}

  public static Dataset<Row> score(Dataset<Row> weightedCounts) {
    return weightedCounts
        .filter(col(Columns.REJECT_REASON).isNull())
        .groupBy(Columns.CUSTOMER_ID, Columns.PERIOD_KIND, Columns.PERIOD_START, Columns.PERIOD_END)
        .agg(
            sum(Columns.EVENT_COUNT).as(Columns.EVENT_COUNT),
            sum(col(Columns.WEIGHT).multiply(col(Columns.EVENT_COUNT)))
                .cast(Columns.RAW_SCORE_TYPE)
                .as(Columns.RAW_SCORE));
  }
}
