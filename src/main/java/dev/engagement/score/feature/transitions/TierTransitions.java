package dev.engagement.score.feature.transitions;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rank;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.try_subtract;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import dev.engagement.score.core.scoring.History;
import dev.engagement.score.core.scoring.OutputRows;
import dev.engagement.score.model.Columns;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;

/**
 * The transitions table's rows (see docs/transitions.md): for each customer and scored period, the
 * previous period's tier, raw score and rank next to the new ones, the exact change, and the alert
 * rules that fired. Ranks are by raw score within the period (all segments together), highest
 * first, ties sharing the best rank (SQL {@code rank()}): the raw score, unlike a normalized one,
 * means the same in every period. The previous period is found as for the trend ({@link
 * History#withPrevious}); without one, the previous columns and the changes are null.
 */
public final class TierTransitions {
  /** The version of {@link #SCHEMA}, recorded as a table property. */
  public static final int SCHEMA_VERSION = 1;

  /** Percent changes: 2 decimal places, rounded once, half-up. */
  public static final DecimalType PCT_TYPE = DataTypes.createDecimalType(38, 2);

  public static final ArrayType ALERTS_TYPE = DataTypes.createArrayType(DataTypes.StringType);

  /** The stored scores a transition compares with. */
  public static final StructType HISTORY =
      new StructType()
          .add(Columns.CUSTOMER_ID, DataTypes.StringType)
          .add(Columns.PERIOD_KIND, DataTypes.StringType)
          .add(Columns.PERIOD_START, DataTypes.DateType)
          .add(Columns.RAW_SCORE, Columns.RAW_SCORE_TYPE)
          .add(Columns.TIER, DataTypes.StringType);

  /** The table's columns, in order, with the comments catalogs and BI tools show. */
  public static final StructType SCHEMA =
      OutputRows.periodKeys()
          .add(
              Columns.PREVIOUS_TIER,
              DataTypes.StringType,
              true,
              "tier of the customer's previous period (null: not scored then)")
          .add(Columns.TIER, DataTypes.StringType, true, "tier in this period")
          .add(
              Columns.PREVIOUS_RAW_SCORE,
              Columns.RAW_SCORE_TYPE,
              true,
              "raw_score of the customer's previous period (null: not scored then)")
          .add(Columns.RAW_SCORE, Columns.RAW_SCORE_TYPE, true, "raw_score in this period")
          .add(
              Columns.RAW_SCORE_CHANGE,
              Columns.RAW_SCORE_TYPE,
              true,
              "raw_score - previous_raw_score, exact")
          .add(
              Columns.RAW_SCORE_CHANGE_PCT,
              PCT_TYPE,
              true,
              "raw_score_change x 100 / |previous_raw_score|, rounded half-up to 2 decimals (null"
                  + " when the previous raw score is 0 or missing)")
          .add(
              Columns.PREVIOUS_RANK,
              DataTypes.IntegerType,
              true,
              "rank in the customer's previous period")
          .add(
              Columns.RANK,
              DataTypes.IntegerType,
              true,
              "Rank by raw_score within the period, 1 = highest; ties share the best rank (SQL"
                  + " rank())")
          .add(
              Columns.RANK_CHANGE,
              DataTypes.IntegerType,
              true,
              "previous_rank - rank: positive when the customer moved up")
          .add(
              Columns.ALERTS,
              ALERTS_TYPE,
              true,
              "Names of the transitions.alerts rules that fired, in configured order (empty: none)")
          .add(Columns.ALERT, DataTypes.BooleanType, true, "Whether any alert rule fired")
          .add(OutputRows.SCHEMA.apply(Columns.SCORED_AT))
          .add(OutputRows.SCHEMA.apply(Columns.JOB_VERSION))
          .add(OutputRows.SCHEMA.apply(Columns.RUN_ID));

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private TierTransitions() {}

  /**
   * @param scores the scored rows of whole periods: customer, period kind, start and end, raw
   *     score, tier, and {@code days_since_last_event} when a {@code no_events_days} rule is on
   * @param history scores of the same period kind ({@link #HISTORY}): the table's other periods and
   *     this run's own
   * @param previousPeriods for each scored period, the start of the one before it ({@link
   *     History#PREVIOUS_PERIODS})
   * @return the table's columns up to {@code alert}
   */
  public static Dataset<Row> of(
      Dataset<Row> scores, Dataset<Row> history, Dataset<Row> previousPeriods, Alerts alerts) {
    List<String> needed =
        new ArrayList<>(
            List.of(
                Columns.CUSTOMER_ID,
                Columns.PERIOD_KIND,
                Columns.PERIOD_START,
                Columns.PERIOD_END,
                Columns.RAW_SCORE,
                Columns.TIER));
    if (alerts.rules().stream().anyMatch(r -> r instanceof Alerts.NoEventsDays)) {
      needed.add(Columns.DAYS_SINCE_LAST_EVENT);
    }
    Column percent =
        udf((UDF2<BigDecimal, BigDecimal, BigDecimal>) TierTransitions::percent, PCT_TYPE)
            .apply(col(Columns.RAW_SCORE_CHANGE), col(Columns.PREVIOUS_RAW_SCORE));
    String[] columns = Arrays.copyOf(SCHEMA.fieldNames(), SCHEMA.fieldIndex(Columns.ALERT) + 1);
    return History.withPrevious(
            scores
                .select(Columns.cols(needed.toArray(String[]::new)))
                .withColumn(Columns.RANK, rankInPeriod()),
            History.inPreviousPeriods(history, previousPeriods)
                .withColumn(Columns.RANK, rankInPeriod()),
            previousPeriods,
            col(Columns.TIER).as(Columns.PREVIOUS_TIER),
            col(Columns.RAW_SCORE).as(Columns.PREVIOUS_RAW_SCORE),
            col(Columns.RANK).as(Columns.PREVIOUS_RANK))
        .withColumn(
            Columns.RAW_SCORE_CHANGE,
            try_subtract(col(Columns.RAW_SCORE), col(Columns.PREVIOUS_RAW_SCORE))
                .cast(Columns.RAW_SCORE_TYPE))
        .withColumn(Columns.RAW_SCORE_CHANGE_PCT, percent)
        .withColumn(Columns.RANK_CHANGE, col(Columns.PREVIOUS_RANK).minus(col(Columns.RANK)))
        .withColumn(Columns.ALERTS, fired(alerts))
        .withColumn(Columns.ALERT, size(col(Columns.ALERTS)).gt(0))
        .select(Columns.cols(columns));
  }

  /**
   * How many rows each rule fired on, every rule listed (0 when it never fired), in configured
   * order: the run summary's {@code alerts}.
   */
  public static Map<String, Long> alertCounts(Dataset<Row> transitions, Alerts alerts) {
    Map<String, Long> counts = new LinkedHashMap<>();
    alerts.names().forEach(name -> counts.put(name, 0L));
    transitions
        .select(explode(col(Columns.ALERTS)).as(Columns.ALERTS))
        .groupBy(Columns.ALERTS)
        .count()
        .collectAsList()
        .forEach(row -> counts.put(row.getString(0), row.getLong(1)));
    return counts;
  }

  /** A customer's rank among all customers of its period, by raw score, highest first. */
  private static Column rankInPeriod() {
    return rank()
        .over(
            Window.partitionBy(Columns.PERIOD_KIND, Columns.PERIOD_START)
                .orderBy(col(Columns.RAW_SCORE).desc()));
  }

  /** The names of the rules that fire, in configured order; a null condition does not fire. */
  private static Column fired(Alerts alerts) {
    if (alerts.isEmpty()) {
      return array().cast(ALERTS_TYPE);
    }
    // Cast: Spark 4's array_compact says its elements are never null, Spark 3.5's that they may be.
    return array_compact(
            array(
                alerts.rules().stream()
                    .map(rule -> when(condition(rule), lit(rule.name())))
                    .toArray(Column[]::new)))
        .cast(ALERTS_TYPE);
  }

  private static Column condition(Alerts.Rule rule) {
    if (rule instanceof Alerts.FellInto fell) {
      return col(Columns.TIER)
          .equalTo(fell.tier())
          .and(col(Columns.PREVIOUS_TIER).notEqual(fell.tier()));
    }
    if (rule instanceof Alerts.DroppedPct dropped) {
      return col(Columns.RAW_SCORE_CHANGE_PCT).lt(lit(dropped.percent().negate()));
    }
    Alerts.NoEventsDays silent = (Alerts.NoEventsDays) rule;
    return col(Columns.DAYS_SINCE_LAST_EVENT)
        .isNull()
        .or(col(Columns.DAYS_SINCE_LAST_EVENT).geq(silent.days()));
  }

  /**
   * {@code change} in percent of {@code previous}'s magnitude, so that a fall is negative whatever
   * the previous score's sign; rounded once, half-up. Null without a previous score or when it is 0
   * (no finite percent).
   */
  static BigDecimal percent(BigDecimal change, BigDecimal previous) {
    if (change == null || previous == null || previous.signum() == 0) {
      return null;
    }
    return change.multiply(HUNDRED).divide(previous.abs(), PCT_TYPE.scale(), RoundingMode.HALF_UP);
  }
}
