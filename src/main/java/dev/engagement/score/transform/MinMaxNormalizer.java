package dev.engagement.score.transform;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.udf;

import dev.engagement.score.Columns;
import dev.engagement.score.config.Normalization;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;

/**
 * Min-max normalization per period: {@code lo + (raw - min) / (max - min) x (hi - lo)}, rounded
 * half-up to the normalized type's 2 decimal places. When every customer of a period has the same
 * raw score the result is {@code hi}, the top of the range. With normalization off the column is
 * null.
 */
public final class MinMaxNormalizer {
  private MinMaxNormalizer() {}

  public static Dataset<Row> normalize(Dataset<Row> scores, Normalization normalization) {
    if (!normalization.enabled()) {
      return scores.withColumn(
          Columns.NORMALIZED_SCORE, lit(null).cast(Columns.NORMALIZED_SCORE_TYPE));
    }
    Dataset<Row> bounds =
        scores
            .groupBy(Columns.cols(Columns.PERIOD_KEYS))
            .agg(
                min(Columns.RAW_SCORE).as(Columns.PERIOD_MIN),
                max(Columns.RAW_SCORE).as(Columns.PERIOD_MAX));
    BigDecimal lo = normalization.rangeMin();
    BigDecimal hi = normalization.rangeMax();
    UserDefinedFunction rescale =
        udf(
            (UDF3<BigDecimal, BigDecimal, BigDecimal, BigDecimal>)
                (raw, min, max) -> rescale(raw, min, max, lo, hi),
            Columns.NORMALIZED_SCORE_TYPE);
    String[] columns = Arrays.copyOf(scores.columns(), scores.columns().length + 1);
    columns[columns.length - 1] = Columns.NORMALIZED_SCORE;
    return scores
        .join(broadcast(bounds), Columns.joinKeys(Columns.PERIOD_KEYS))
        .withColumn(
            Columns.NORMALIZED_SCORE,
            rescale.apply(col(Columns.RAW_SCORE), col(Columns.PERIOD_MIN), col(Columns.PERIOD_MAX)))
        .select(Columns.cols(columns));
  }

  /** Exact: BigDecimal arithmetic with a single rounding step. */
  static BigDecimal rescale(
      BigDecimal raw, BigDecimal min, BigDecimal max, BigDecimal lo, BigDecimal hi) {
    int scale = Columns.NORMALIZED_SCORE_TYPE.scale();
    if (max.compareTo(min) == 0) {
      return hi.setScale(scale, RoundingMode.UNNECESSARY);
    }
    // lo + (raw - min) / (max - min) x (hi - lo) as one fraction, so that the one rounding step
    // applies to the final value (rounding before adding a negative lo would round the other way).
    BigDecimal span = max.subtract(min);
    return lo.multiply(span)
        .add(raw.subtract(min).multiply(hi.subtract(lo)))
        .divide(span, scale, RoundingMode.HALF_UP);
  }
}
