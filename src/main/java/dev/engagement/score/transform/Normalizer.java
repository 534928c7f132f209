package dev.engagement.score.transform;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import dev.engagement.score.Columns;
import dev.engagement.score.config.Normalization;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/**
 * Normalized scores, computed within groups: each period, or with a segment column each (period,
 * segment value), the customers whose segment is null forming one group of their own. Every method
 * places a customer at a position {@code x} between a low and a high of its group and rescales it
 * to the range {@code lo..hi}: {@code lo + (x - low) / (high - low) x (hi - lo)}, rounded once,
 * half-up, to the normalized type's 2 decimal places; when {@code low == high} (all equal, or one
 * customer) the result is {@code hi}, the top of the range.
 *
 * <ul>
 *   <li>min-max: {@code x} is the raw score, low and high the group's smallest and largest;
 *   <li>min-max with clip percentiles: low and high are the group's raw scores at those
 *       nearest-rank percentiles, and {@code x} the raw score clipped to them;
 *   <li>percentile: {@code x} is the rank (SQL {@code rank()}: 1 + the customers with a lower raw
 *       score), low 1 and high the group's number of customers n, which is SQL's {@code
 *       percent_rank()} scaled to the range; when all n share rank 1, high is 1 too.
 * </ul>
 *
 * With normalization off the column is null. See docs/normalization.md.
 */
public final class Normalizer {
  /** Ranks and counts as exact decimals, so that one rescaling function serves every method. */
  private static final DecimalType COUNT_TYPE = DataTypes.createDecimalType(20, 0);

  private static final List<String> PERIOD_KEYS = List.of(Columns.PERIOD_KEYS);

  private Normalizer() {}

  public static Dataset<Row> normalize(Dataset<Row> scores, Normalization normalization) {
    if (!normalization.enabled()) {
      return scores.withColumn(
          Columns.NORMALIZED_SCORE, lit(null).cast(Columns.NORMALIZED_SCORE_TYPE));
    }
    List<String> group = groupColumns(normalization);
    Dataset<Row> placed =
        normalization.method() == Normalization.Method.PERCENTILE
            ? ranked(scores, group)
            : normalization
                .clip()
                .map(clip -> clipped(scores, group, clip))
                .orElseGet(() -> minMax(scores, group));
    BigDecimal lo = normalization.rangeMin();
    BigDecimal hi = normalization.rangeMax();
    UserDefinedFunction rescale =
        udf(
            (UDF3<BigDecimal, BigDecimal, BigDecimal, BigDecimal>)
                (x, low, high) -> rescale(x, low, high, lo, hi),
            Columns.NORMALIZED_SCORE_TYPE);
    String[] columns = Arrays.copyOf(scores.columns(), scores.columns().length + 1);
    columns[columns.length - 1] = Columns.NORMALIZED_SCORE;
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
