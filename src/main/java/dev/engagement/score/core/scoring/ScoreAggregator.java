package dev.engagement.score.core.scoring;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.try_multiply;
import static org.apache.spark.sql.functions.try_sum;
import static org.apache.spark.sql.functions.when;

import dev.engagement.score.core.events.InputGuard;
import dev.engagement.score.core.events.RejectReason;
import dev.engagement.score.core.weights.Weighting;
import dev.engagement.score.model.Columns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Sums weighted counts into one row per customer and period: {@code raw_score = sum(weight x
 * count)} exactly, {@code event_count}, the number of events that make it up, and {@code
 * last_event_date}, the latest of their days.
 */
public final class ScoreAggregator {
  private static final String RAW_MICROS = "raw_micros";
  private static final String LARGEST_WEIGHT = "largest_weight_micros";
  private static final String LATEST_DAY = "latest_day";

  private ScoreAggregator() {}

  /**
   * Weighted counts (per day or per event, assigned to periods, see {@link Weighting}) to sums per
   * customer, period and reject reason. Rejected events keep their own rows (reason not null), so
   * that {@link InputStats} counts them, with a null {@code raw_score}; those of unknown types one
   * row per type ({@code rejected_event_type}).
   *
   * <p>The weighted sum is added up in 64-bit integers of millionths (weights have 6 decimals),
   * which is exact as long as no partial sum can pass 2^63: that holds when {@code event_count x
   * the largest |weight|} of the row does, checked for every row; a row past it fails the job (with
   * the customer and period) rather than being rounded. The limit is a raw score of about +-9.2 x
   * 10^12.
   */
  public static Dataset<Row> sumPeriods(Dataset<Row> weightedCounts) {
    return sumPeriods(weightedCounts, col(Columns.EVENT_COUNT), List.of());
  }

  /**
   * As {@link #sumPeriods(Dataset)}, with two options. Each row's weight applies to {@code counted}
   * of its events, at most {@code event_count} (capped per-type sums, see {@link TypeSums}); {@code
   * event_count} still sums every event. And {@code sub_raw_scores}: for each of {@code
   * categories}, the exact sum of weight x counted over the event types of that category ({@code
   * category} column, see {@link CategoryScores#attach}), 0 when it has none; null on rejected
   * rows. The category sums are conditional sums of the same aggregation. Since {@code counted <=
   * event_count} and a category's sum is part of the row's, the guard on {@code event_count x the
   * largest |weight|} bounds all of these sums too.
   */
  public static Dataset<Row> sumPeriods(
      Dataset<Row> weightedCounts, Column counted, List<String> categories) {
    Column weighted = try_multiply(col(Weighting.WEIGHT_MICROS), counted);
    List<Column> sums = new ArrayList<>();
    // try_: null, not an error (ANSI mode) nor a wrapped value, where a sum passes 2^63; the guard
    // in exactScore then fails the run naming the customer, whatever the session's ANSI setting.
    sums.add(try_sum(weighted).as(RAW_MICROS));
    sums.add(max(abs(col(Weighting.WEIGHT_MICROS))).as(LARGEST_WEIGHT));
    sums.add(max(Columns.LAST_EVENT_DATE).as(LATEST_DAY));
    List<Column> subRaw = new ArrayList<>();
    List<String> subSums = new ArrayList<>();
    for (int i = 0; i < categories.size(); i++) {
      String name = RAW_MICROS + "_" + i;
      subSums.add(name);
      sums.add(try_sum(when(col(Columns.CATEGORY).equalTo(categories.get(i)), weighted)).as(name));
      subRaw.add(lit(categories.get(i)));
      subRaw.add(fromMicros(coalesce(col(name), lit(0L))));
    }
    Dataset<Row> summed =
        weightedCounts
            .groupBy(
                col(Columns.CUSTOMER_ID),
                col(Columns.PERIOD_KIND),
                col(Columns.PERIOD_START),
                col(Columns.PERIOD_END),
                col(Columns.REJECT_REASON),
                // Rows of unknown types stay apart per type: their counts name the missing types.
                when(
                        col(Columns.REJECT_REASON).equalTo(RejectReason.UNKNOWN_EVENT_TYPE),
                        col(Columns.EVENT_TYPE))
                    .as(Columns.REJECTED_EVENT_TYPE))
            .agg(sum(Columns.EVENT_COUNT).as(Columns.EVENT_COUNT), sums.toArray(Column[]::new))
            .withColumn(
                Columns.RAW_SCORE,
                exactScore(col(RAW_MICROS), col(Columns.EVENT_COUNT), col(LARGEST_WEIGHT)));
    if (!categories.isEmpty()) {
      summed =
          summed
              .withColumn(
                  Columns.SUB_RAW_SCORES,
                  when(col(Columns.REJECT_REASON).isNull(), map(subRaw.toArray(Column[]::new))))
              .drop(subSums.toArray(String[]::new));
    }
    // After the scores, whose column order callers and tests rely on.
    return summed
        .drop(RAW_MICROS, LARGEST_WEIGHT)
        .withColumn(Columns.LAST_EVENT_DATE, col(LATEST_DAY))
        .drop(LATEST_DAY)
        .transform(ScoreAggregator::rejectedTypeLast);
  }

  private static Dataset<Row> rejectedTypeLast(Dataset<Row> sums) {
    List<String> order = new ArrayList<>(Arrays.asList(sums.columns()));
    order.remove(Columns.REJECTED_EVENT_TYPE);
    order.add(Columns.REJECTED_EVENT_TYPE);
    return sums.select(Columns.cols(order.toArray(String[]::new)));
  }

  /**
   * {@code micros} millionths as an exact {@code DECIMAL(38,6)} score: null on rejected rows, and
   * the job failed (naming the customer and period) when {@code count x largest}, which bounds
   * every partial sum of {@code micros}, could pass 2^63. The one place where weighted millionths
   * become scores: raw scores here, per-type contributions in {@link TypeSums}.
   */
  public static Column exactScore(Column micros, Column count, Column largest) {
    Column tooLarge =
        InputGuard.fail(
            concat(
                lit("The raw score of customer "),
                col(Columns.CUSTOMER_ID),
                lit(" in the period starting "),
                col(Columns.PERIOD_START).cast(DataTypes.StringType),
                lit(
                    " could pass +-9.2 x 10^12, beyond which it cannot be summed exactly; nothing"
                        + " was published. Check the weights (a weight far larger than the others?)"
                        + " and the events of that customer.")));
    return when(col(Columns.REJECT_REASON).isNotNull(), lit(null))
        .when(largest.isNotNull().and(try_multiply(count, largest).isNull()), tooLarge)
        .otherwise(fromMicros(micros));
  }

  /** A {@code BIGINT} of millionths as the exact {@code DECIMAL(38,6)} it stands for. */
  public static Column fromMicros(Column micros) {
    return micros
        .cast(DataTypes.createDecimalType(38, 0))
        .divide(lit(Weighting.MICROS))
        .cast(Columns.RAW_SCORE_TYPE);
  }

  /** Period sums to the raw scores: one row per customer and period, scorable events only. */
  public static Dataset<Row> score(Dataset<Row> periodSums) {
    return periodSums
        .filter(col(Columns.REJECT_REASON).isNull())
        .drop(Columns.REJECT_REASON, Columns.REJECTED_EVENT_TYPE);
  }
}
