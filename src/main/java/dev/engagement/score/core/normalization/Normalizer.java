package dev.engagement.score.core.normalization;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.try_multiply;
import static org.apache.spark.sql.functions.try_sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import dev.engagement.score.model.Columns;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/**
 * Normalized scores, computed within groups: each period, or with a segment column each (period,
 * segment value), the customers whose segment is null forming one group of their own. Every method
 * but z-scores places a customer at a position {@code x} between a low and a high of its group and
 * rescales it to the range {@code lo..hi}: {@code lo + (x - low) / (high - low) x (hi - lo)},
 * rounded once, half-up, to the normalized type's 2 decimal places; when {@code low == high} (all
 * equal, or one customer) the result is {@code hi}, the top of the range.
 *
 * <ul>
 *   <li>min-max: {@code x} is the raw score, low and high the group's smallest and largest;
 *   <li>min-max with clip percentiles: low and high are the group's raw scores at those
 *       nearest-rank percentiles, and {@code x} the raw score clipped to them;
 *   <li>percentile: {@code x} is the rank (SQL {@code rank()}: 1 + the customers with a lower raw
 *       score), low 1 and high the group's number of customers n, which is SQL's {@code
 *       percent_rank()} scaled to the range; when all n share rank 1, high is 1 too;
 *   <li>log min-max: min-max (clipped or not) where {@code x}, low and high are then mapped through
 *       {@code sign(v) x ln(1 + |v|)}, which is increasing, so the smallest and largest raw scores
 *       stay the ends of the range.
 * </ul>
 *
 * <p>z-score: {@code (raw - mean) / sd}, the group's mean and population standard deviation, in
 * standard deviations and without a range; rounded once, half-up, to 2 decimals; 0 when all scores
 * of the group are equal. See {@link #zScore}.
 *
 * <p>With normalization off the column is null. See docs/normalization.md.
 */
public final class Normalizer {
  /** Ranks and counts as exact decimals, so that one rescaling function serves every method. */
  private static final DecimalType COUNT_TYPE = DataTypes.createDecimalType(20, 0);

  /** z-scores: raw scores moved 6 places, to whole millionths, whose squares fit 38 digits. */
  private static final DecimalType MILLIONTHS_TYPE = DataTypes.createDecimalType(38, 0);

  /** z-scores: (100 z)^2 = 10^4 z^2, to round z to 2 decimals with integers. */
  private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);

  private static final List<String> PERIOD_KEYS = List.of(Columns.PERIOD_KEYS);

  private Normalizer() {}

  public static Dataset<Row> normalize(Dataset<Row> scores, Normalization normalization) {
    if (!normalization.enabled()) {
      return scores.withColumn(
          Columns.NORMALIZED_SCORE, lit(null).cast(Columns.NORMALIZED_SCORE_TYPE));
    }
    List<String> group = groupColumns(normalization);
    String[] columns = Arrays.copyOf(scores.columns(), scores.columns().length + 1);
    columns[columns.length - 1] = Columns.NORMALIZED_SCORE;
    if (normalization.method() == Normalization.Method.ZSCORE) {
      return zScored(scores, group).select(Columns.cols(columns));
    }
    Dataset<Row> placed =
        normalization.method() == Normalization.Method.PERCENTILE
            ? ranked(scores, group)
            : normalization
                .clip()
                .map(clip -> clipped(scores, group, clip))
                .orElseGet(() -> minMax(scores, group));
    BigDecimal lo = normalization.rangeMin();
    BigDecimal hi = normalization.rangeMax();
    // A boolean, not a function object, in the UDF's closure: it is serialized to the executors.
    boolean log = normalization.method() == Normalization.Method.LOG_MINMAX;
    UserDefinedFunction rescale =
        udf(
            (UDF3<BigDecimal, BigDecimal, BigDecimal, BigDecimal>)
                (x, low, high) ->
                    log
                        ? rescale(signedLog(x), signedLog(low), signedLog(high), lo, hi)
                        : rescale(x, low, high, lo, hi),
            Columns.NORMALIZED_SCORE_TYPE);
    return placed
        .withColumn(
            Columns.NORMALIZED_SCORE,
            rescale.apply(
                col(Columns.NORM_POSITION), col(Columns.NORM_LOW), col(Columns.NORM_HIGH)))
        .select(Columns.cols(columns));
  }

  /** Exact: BigDecimal arithmetic with a single rounding step. */
  static BigDecimal rescale(
      BigDecimal x, BigDecimal low, BigDecimal high, BigDecimal lo, BigDecimal hi) {
    int scale = Columns.NORMALIZED_SCORE_TYPE.scale();
    if (high.compareTo(low) == 0) {
      return hi.setScale(scale, RoundingMode.UNNECESSARY);
    }
    // lo + (x - low) / (high - low) x (hi - lo) as one fraction, so that the one rounding step
    // applies to the final value (rounding before adding a negative lo would round the other way).
    BigDecimal span = high.subtract(low);
    return lo.multiply(span)
        .add(x.subtract(low).multiply(hi.subtract(lo)))
        .divide(span, scale, RoundingMode.HALF_UP);
  }

  /**
   * {@code sign(v) x ln(1 + |v|)}: 0 at 0, odd (negative scores mirror positive ones) and
   * increasing, growing like {@code ln |v|} so that one extreme customer no longer squeezes the
   * others. Not a decimal: computed in double precision with {@link StrictMath#log1p} (the same
   * bits on every JVM, within one ulp of the true value), whose binary value the exact rescaling
   * then takes as it is.
   */
  static BigDecimal signedLog(BigDecimal v) {
    double d = v.doubleValue();
    return new BigDecimal(Math.signum(d) * StrictMath.log1p(Math.abs(d)));
  }

  // --- z-scores (docs/normalization.md) ---

  /**
   * The scores with {@code normalized_score} their z-score: per group, the number of customers n,
   * the sum s of their raw scores and the sum q of their squares, joined back to the rows, then
   * {@link #zScore}. The squares are whole millionths squared, exact as long as q stays under 10^38
   * (a sum of squared raw scores under 10^26, e.g. a million customers scoring up to 10^10);
   * beyond, Spark's decimal sum gives null, and the run fails naming the group rather than round.
   */
  private static Dataset<Row> zScored(Dataset<Row> scores, List<String> group) {
    Column millionths = try_multiply(col(Columns.RAW_SCORE), lit(1_000_000)).cast(MILLIONTHS_TYPE);
    Column square = try_multiply(millionths, millionths);
    Dataset<Row> moments =
        scores
            .groupBy(Columns.cols(group.toArray(String[]::new)))
            .agg(
                count(lit(1)).as(Columns.NORM_GROUP_SIZE),
                try_sum(col(Columns.RAW_SCORE)).as(Columns.NORM_SUM),
                // A square past 38 digits is null, which sum() would skip: null the whole sum.
                when(count(square).equalTo(count(lit(1))), try_sum(square))
                    .as(Columns.NORM_SUM_OF_SQUARES),
                to_json(struct(Columns.cols(group.toArray(String[]::new))))
                    .as(Columns.NORM_GROUP_NAME));
    UserDefinedFunction z =
        udf(
            (UDF4<BigDecimal, Long, BigDecimal, BigDecimal, BigDecimal>)
                (raw, n, sum, sumOfSquares) -> zScore(raw, n, sum, sumOfSquares),
            Columns.NORMALIZED_SCORE_TYPE);
    Column tooLarge = col(Columns.NORM_SUM).isNull().or(col(Columns.NORM_SUM_OF_SQUARES).isNull());
    return joinOnKeys(scores, moments, group, true)
        .withColumn(
            Columns.NORMALIZED_SCORE,
            when(
                    tooLarge,
                    raise_error(
                        concat(
                            lit("normalize = zscore: the raw scores of the group "),
                            col(Columns.NORM_GROUP_NAME),
                            lit(
                                " are too large for exact z-scores (the sum of their squares"
                                    + " passes 10^26); use normalize = log_minmax or minmax"))))
                .otherwise(
                    z.apply(
                        col(Columns.RAW_SCORE),
                        col(Columns.NORM_GROUP_SIZE),
                        col(Columns.NORM_SUM),
                        col(Columns.NORM_SUM_OF_SQUARES))));
  }

  /**
   * {@code (raw - mean) / sd} over a group of n customers whose raw scores sum to {@code sum} and
   * whose squares, in whole millionths, sum to {@code sumOfSquares}, rounded once, half-up, to 2
   * decimals; 0 when the standard deviation is 0 (all equal, one customer included).
   *
   * <p>Exact: in whole millionths m (raw = m / 10^6) and s (sum = s / 10^6), the mean is s / n and
   * the population variance {@code q / n - (s / n)^2 = (n q - s^2) / n^2}, so {@code z = (n m - s)
   * / sqrt(n q - s^2)}: two integers and one square root. The result is the integer k nearest to
   * {@code 100 |z| = sqrt(10^4 (n m - s)^2 / (n q - s^2))}, found with integer square roots and
   * compared with k + 1/2 by squaring, so no square root is ever rounded and a tie (possible when
   * the square root is rational) is detected exactly.
   */
  static BigDecimal zScore(BigDecimal raw, long n, BigDecimal sum, BigDecimal sumOfSquares) {
    BigInteger size = BigInteger.valueOf(n);
    BigInteger s = sum.movePointRight(6).toBigIntegerExact();
    BigInteger deviation = size.multiply(raw.movePointRight(6).toBigIntegerExact()).subtract(s);
    BigInteger spread = size.multiply(sumOfSquares.toBigIntegerExact()).subtract(s.multiply(s));
    int scale = Columns.NORMALIZED_SCORE_TYPE.scale();
    if (spread.signum() == 0) {
      return BigDecimal.ZERO.setScale(scale);
    }
    BigInteger squared = deviation.multiply(deviation).multiply(TEN_THOUSAND);
    // k = floor(sqrt(squared / spread)): an integer k is at most sqrt(r) iff k^2 <= floor(r).
    BigInteger k = squared.divide(spread).sqrt();
    // sqrt(squared / spread) against k + 1/2, squared: 4 squared against (2k + 1)^2 spread.
    BigInteger twiceKPlusOne = k.shiftLeft(1).add(BigInteger.ONE);
    int above =
        squared.shiftLeft(2).compareTo(twiceKPlusOne.multiply(twiceKPlusOne).multiply(spread));
    if (above >= 0) { // half-up: a tie goes away from zero, like every normalized score
      k = k.add(BigInteger.ONE);
    }
    return new BigDecimal(deviation.signum() < 0 ? k.negate() : k, scale);
  }

  /**
   * The period keys, and with segments the {@code segment} column: the value of the dimension's
   * {@code normalize.segment_column} that {@link CustomerActivity} gives every row.
   */
  private static List<String> groupColumns(Normalization normalization) {
    List<String> group = new ArrayList<>(PERIOD_KEYS);
    normalization.segmentColumn().ifPresent(column -> group.add(Columns.SEGMENT));
    return group;
  }

  private static Dataset<Row> minMax(Dataset<Row> scores, List<String> group) {
    Dataset<Row> bounds =
        scores
            .groupBy(Columns.cols(group.toArray(String[]::new)))
            .agg(
                min(Columns.RAW_SCORE).as(Columns.NORM_LOW),
                max(Columns.RAW_SCORE).as(Columns.NORM_HIGH));
    return joinOnKeys(scores, bounds, group, true)
        .withColumn(Columns.NORM_POSITION, col(Columns.RAW_SCORE));
  }

  /**
   * Nearest-rank percentile P of a group of n customers: the smallest raw score that at least P% of
   * the customers have or lie below ({@code 100 x at_or_below >= P x n}, compared exactly; P = 0 is
   * the minimum, P = 100 the maximum), like SQL {@code percentile_disc}: always one of the raw
   * scores, so the bounds stay exact decimals.
   */
  private static Dataset<Row> clipped(
      Dataset<Row> scores, List<String> group, Normalization.ClipPercentiles clip) {
    Column share = col(Columns.NORM_AT_OR_BELOW).multiply(100);
    Column size = col(Columns.NORM_GROUP_SIZE);
    Dataset<Row> bounds =
        distribution(scores, group)
            .groupBy(Columns.cols(group.toArray(String[]::new)))
            .agg(
                min(when(share.geq(lit(clip.lower()).multiply(size)), col(Columns.RAW_SCORE)))
                    .as(Columns.NORM_LOW),
                min(when(share.geq(lit(clip.upper()).multiply(size)), col(Columns.RAW_SCORE)))
                    .as(Columns.NORM_HIGH));
    return joinOnKeys(scores, bounds, group, true)
        .withColumn(
            Columns.NORM_POSITION,
            least(greatest(col(Columns.RAW_SCORE), col(Columns.NORM_LOW)), col(Columns.NORM_HIGH)));
  }

  private static Dataset<Row> ranked(Dataset<Row> scores, List<String> group) {
    List<String> keys = new ArrayList<>(group);
    keys.add(Columns.RAW_SCORE);
    Column[] columns = new Column[keys.size() + 3];
    for (int i = 0; i < keys.size(); i++) {
      columns[i] = col(keys.get(i));
    }
    // rank() = 1 + the customers with a lower raw score, so ties share the lowest rank.
    columns[keys.size()] =
        col(Columns.NORM_AT_OR_BELOW)
            .minus(col(Columns.NORM_TIES))
            .plus(1)
            .cast(COUNT_TYPE)
            .as(Columns.NORM_POSITION);
    columns[keys.size() + 1] = lit(1).cast(COUNT_TYPE).as(Columns.NORM_LOW);
    // When every customer shares rank 1 (all equal, one customer included), high = low, so that
    // they get range_max as with min-max rather than range_min.
    columns[keys.size() + 2] =
        when(col(Columns.NORM_TIES).equalTo(col(Columns.NORM_GROUP_SIZE)), lit(1))
            .otherwise(col(Columns.NORM_GROUP_SIZE))
            .cast(COUNT_TYPE)
            .as(Columns.NORM_HIGH);
    return joinOnKeys(scores, distribution(scores, group).select(columns), keys, false);
  }

  /**
   * One row per group and distinct raw score: how many customers have it ({@code norm_ties}), have
   * it or a lower one ({@code norm_at_or_below}), and are in the group ({@code norm_group_size}).
   * Counting distinct scores first keeps the sorted window as small as the scores are varied.
   */
  private static Dataset<Row> distribution(Dataset<Row> scores, List<String> group) {
    List<String> keys = new ArrayList<>(group);
    keys.add(Columns.RAW_SCORE);
    WindowSpec byGroup = Window.partitionBy(Columns.cols(group.toArray(String[]::new)));
    return scores
        .groupBy(Columns.cols(keys.toArray(String[]::new)))
        .agg(count(lit(1)).as(Columns.NORM_TIES))
        .withColumn(
            Columns.NORM_AT_OR_BELOW,
            sum(Columns.NORM_TIES)
                .over(
                    byGroup
                        .orderBy(Columns.RAW_SCORE)
                        .rowsBetween(Window.unboundedPreceding(), Window.currentRow())))
        .withColumn(Columns.NORM_GROUP_SIZE, sum(Columns.NORM_TIES).over(byGroup));
  }

  /**
   * The scores with {@code perGroup}'s other columns, matched on {@code keys}; null-safely except
   * for the period keys, so that the customers without a segment value are one group, not
   * unmatched.
   *
   * @param few {@code perGroup} has one row per group: broadcast it
   */
  private static Dataset<Row> joinOnKeys(
      Dataset<Row> scores, Dataset<Row> perGroup, List<String> keys, boolean few) {
    Dataset<Row> renamed = perGroup;
    Column on = lit(true);
    for (String key : keys) {
      String other = Columns.NORM_KEY_PREFIX + key;
      renamed = renamed.withColumnRenamed(key, other);
      // Period keys are never null, and plain equality keeps their join keys as they are.
      on =
          on.and(
              PERIOD_KEYS.contains(key)
                  ? col(key).equalTo(col(other))
                  : col(key).eqNullSafe(col(other)));
    }
    return scores
        .join(few ? broadcast(renamed) : renamed, on)
        .drop(keys.stream().map(key -> Columns.NORM_KEY_PREFIX + key).toArray(String[]::new));
  }
}
