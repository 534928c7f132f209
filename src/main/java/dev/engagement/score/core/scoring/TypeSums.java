package dev.engagement.score.core.scoring;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.try_multiply;

import dev.engagement.score.core.weights.Weighting;
import dev.engagement.score.model.Columns;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Sums weighted counts per customer, period, event type and reject reason: the grain at which caps
 * apply and that the breakdown table shows. Each row has {@code event_count} (every event), {@code
 * counted} (at most the type's cap), the type's {@link Weighting#WEIGHT_MICROS} and its exact
 * {@code contribution}; {@link ScoreAggregator#sumPeriods(Dataset, Column, List)} adds the rows of
 * a customer up to the same raw score, so the contributions add up to it exactly.
 */
public final class TypeSums {
  private TypeSums() {}

  /**
   * @param weightedCounts counts assigned to periods with their weights (see {@link Weighting})
   * @param caps the most events of a type counted per customer and period; types absent count all
   */
  public static Dataset<Row> of(Dataset<Row> weightedCounts, Map<String, Long> caps) {
    Column counted = col(Columns.COUNTED);
    Column weight = col(Weighting.WEIGHT_MICROS);
    return weightedCounts
        // The weight is a key rather than aggregated: a type has one weight per period (see
        // PeriodWeights), and this keeps it.
        .groupBy(
            Columns.CUSTOMER_ID,
            Columns.PERIOD_KIND,
            Columns.PERIOD_START,
            Columns.PERIOD_END,
            Columns.EVENT_TYPE,
            Columns.REJECT_REASON,
            Weighting.WEIGHT_MICROS)
        .agg(
            sum(Columns.EVENT_COUNT).as(Columns.EVENT_COUNT),
            max(Columns.LAST_EVENT_DATE).as(Columns.LAST_EVENT_DATE))
        .withColumn(Columns.COUNTED, capped(caps))
        .withColumn(
            Columns.CONTRIBUTION,
            ScoreAggregator.exactScore(try_multiply(weight, counted), counted, abs(weight)));
  }

  /**
   * The scorable rows of {@code typeSums} of the customers and periods that {@code periodSums}
   * scores (after the customer dimension, which may leave an inactive customer's events unscored):
   * what the breakdown and the drivers explain a score row with.
   */
  public static Dataset<Row> scored(Dataset<Row> typeSums, Dataset<Row> periodSums) {
    Dataset<Row> scored =
        periodSums
            .filter(col(Columns.REJECT_REASON).isNull().and(col(Columns.EVENT_COUNT).gt(0)))
            .select(
                Columns.cols(
                    Columns.CUSTOMER_ID,
                    Columns.PERIOD_KIND,
                    Columns.PERIOD_START,
                    Columns.PERIOD_END));
    return typeSums
        .filter(col(Columns.REJECT_REASON).isNull())
        .join(
            scored,
            Columns.joinKeys(
                Columns.CUSTOMER_ID, Columns.PERIOD_KIND, Columns.PERIOD_START, Columns.PERIOD_END),
            "left_semi");
  }

  /** {@code min(event_count, cap)} for capped types, {@code event_count} for the others. */
  private static Column capped(Map<String, Long> caps) {
    Column count = col(Columns.EVENT_COUNT);
    if (caps.isEmpty()) {
      return count;
    }
    Column byType =
        map(
            caps.entrySet().stream()
                .flatMap(e -> Stream.of(lit(e.getKey()), lit(e.getValue())))
                .toArray(Column[]::new));
    // least() skips nulls: a type without a cap keeps its count.
    return least(count, byType.apply(col(Columns.EVENT_TYPE)));
  }
}
