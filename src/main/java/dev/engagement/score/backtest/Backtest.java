package dev.engagement.score.backtest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.rank;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.engagement.score.model.Columns;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;

/**
 * Backtesting: do the scores predict churn? Labels scored rows with their customers' later
 * outcomes, and measures churn per tier and per score decile, and the exact AUC of the score. See
 * docs/backtesting.md.
 */
public final class Backtest {
  /** The outcome that counts as churn; any other ({@link #RENEWED}) does not. */
  public static final String CHURNED = "churned";

  public static final String RENEWED = "renewed";

  /** The outcome table's columns; once validated, one outcome per customer and day, no nulls. */
  public static final StructType OUTCOMES =
      new StructType()
          .add(Columns.CUSTOMER_ID, DataTypes.StringType)
          .add(Columns.OUTCOME, DataTypes.StringType)
          .add(Columns.OUTCOME_DATE, DataTypes.DateType);

  /** Rates, lifts and the AUC: exact quotients of counts, rounded once, half-up, to 6 places. */
  public static final DecimalType RATIO_TYPE = DataTypes.createDecimalType(18, 6);

  /** What identifies a scored row: its customer and period. */
  static final String[] ROW_KEYS = {
    Columns.CUSTOMER_ID, Columns.PERIOD_KIND, Columns.PERIOD_START, Columns.PERIOD_END
  };

  private static final int DECILES = 10;

  private Backtest() {}

  /**
   * {@code scores} with {@code churned}: whether the customer's first outcome in the days {@code
   * period_end + 1 .. period_end + horizonDays} is a churn (true) or a renewal (false); null when
   * there is none in that window (such rows are unlabelled: left out of every measure).
   *
   * @param scores rows with {@code customer_id} and the period keys
   * @param outcomes rows of {@link #OUTCOMES}, at most one per customer and day
   */
  public static Dataset<Row> label(Dataset<Row> scores, Dataset<Row> outcomes, int horizonDays) {
    Column end = col(Columns.PERIOD_END);
    Column day = col(Columns.OUTCOME_DATE);
    String first = "first_outcome";
    Dataset<Row> labels =
        scores
            .select(Columns.CUSTOMER_ID, Columns.PERIOD_KEYS)
            .join(outcomes, Columns.joinKeys(Columns.CUSTOMER_ID))
            .where(day.gt(end).and(day.leq(date_add(end, horizonDays))))
            .groupBy(Columns.CUSTOMER_ID, Columns.PERIOD_KEYS)
            // The earliest outcome: structs compare field by field, the date first.
            .agg(min(struct(day, col(Columns.OUTCOME))).as(first))
            .select(
                col(Columns.CUSTOMER_ID),
                col(Columns.PERIOD_KIND),
                col(Columns.PERIOD_START),
                col(Columns.PERIOD_END),
                col(first + "." + Columns.OUTCOME).equalTo(CHURNED).as(Columns.CHURNED));
    return scores.join(labels, Columns.joinKeys(ROW_KEYS), "left");
  }

  /**
   * Adds each row's {@code decile} of {@code score} within its period: {@code 1 + floor(10 x lower
   * / n)}, where {@code lower} counts the period's rows with a strictly lower score and {@code n}
   * all its rows. Decile 1 holds the lowest scores, 10 the highest; equal scores share a decile, so
   * with ties some deciles may be empty.
   */
  public static Dataset<Row> deciles(Dataset<Row> rows, String score) {
    WindowSpec period = Window.partitionBy(Columns.cols(Columns.PERIOD_KEYS));
    return rows.withColumn("bt_lower", rank().over(period.orderBy(col(score))).minus(1))
        .withColumn("bt_rows", count(lit(1)).over(period))
        .withColumn(
            Columns.DECILE, expr("CAST(1 + (bt_lower * " + DECILES + ") div bt_rows AS INT)"))
        .drop("bt_lower", "bt_rows");
  }

  /**
   * Churn per value of {@code group} (e.g. {@code tier} or {@code decile}) among the labelled rows
   * (non-null {@code churned}): {@code rows}, {@code churned}, {@code churn_rate = churned / rows}
   * and {@code lift = churn_rate / overall churn rate} (null when nobody churned).
   */
  public static Dataset<Row> churnBy(Dataset<Row> labelled, String group) {
    Dataset<Row> known = labelled.where(col(Columns.CHURNED).isNotNull());
    Column churned = when(col(Columns.CHURNED), 1L).otherwise(0L);
    Dataset<Row> overall =
        known.agg(count(lit(1)).as("bt_all"), coalesce(sum(churned), lit(0L)).as("bt_all_churned"));
    return known
        .groupBy(group)
        .agg(count(lit(1)).as(Columns.ROWS), sum(churned).as(Columns.CHURNED))
        .crossJoin(overall)
        .select(
            col(group),
            col(Columns.ROWS),
            col(Columns.CHURNED),
            ratio(col(Columns.CHURNED), col(Columns.ROWS)).as(Columns.CHURN_RATE),
            ratio(
                    decimal(col(Columns.CHURNED)).multiply(decimal(col("bt_all"))),
                    decimal(col(Columns.ROWS)).multiply(decimal(col("bt_all_churned"))))
                .as(Columns.LIFT));
  }

  /**
   * One row: the labelled {@code rows}, how many {@code churned}, the overall {@code churn_rate},
   * and the {@code auc} of {@code score} as a predictor of <em>not</em> churning: the share of
   * (renewed, churned) pairs in which the renewed row has the higher score, a tie counting 1/2 (the
   * Mann-Whitney U statistic over all pairs). Exact: the doubled count of such pairs, {@code sum
   * over scores s of renewed(s) x (2 x churned below s + churned at s)}, is a whole number, divided
   * once. Null when either class is empty. 0.5 is no better than chance, 1 a perfect ranking.
   */
  public static Dataset<Row> auc(Dataset<Row> labelled, String score) {
    Column churned = when(col(Columns.CHURNED), 1L).otherwise(0L);
    Column renewed = when(col(Columns.CHURNED), 0L).otherwise(1L);
    // One row per distinct score: the window runs over those, not over every labelled row.
    WindowSpec below = Window.orderBy(col(score)).rowsBetween(Window.unboundedPreceding(), -1);
    Column c = col("bt_churned");
    Column r = col("bt_renewed");
    return labelled
        .where(col(Columns.CHURNED).isNotNull())
        .groupBy(score)
        .agg(sum(churned).as("bt_churned"), sum(renewed).as("bt_renewed"))
        .withColumn("bt_churned_below", coalesce(sum(c).over(below), lit(0L)))
        .agg(
            coalesce(sum(c.plus(r)), lit(0L)).as(Columns.ROWS),
            coalesce(sum(c), lit(0L)).as(Columns.CHURNED),
            sum(r).as("bt_all_renewed"),
            sum(r.multiply(col("bt_churned_below").multiply(2).plus(c))).as("bt_pairs2"))
        .select(
            col(Columns.ROWS),
            col(Columns.CHURNED),
            ratio(col(Columns.CHURNED), col(Columns.ROWS)).as(Columns.CHURN_RATE),
            ratio(
                    decimal(col("bt_pairs2")),
                    decimal(col("bt_all_renewed"))
                        .multiply(decimal(col(Columns.CHURNED)))
                        .multiply(2))
                .as(Columns.AUC));
  }

  /** {@code numerator / denominator} rounded once, half-up, to 6 places; null over 0. */
  private static Column ratio(Column numerator, Column denominator) {
    return when(
        denominator.notEqual(0), decimal(numerator).divide(decimal(denominator)).cast(RATIO_TYPE));
  }

  /** Whole numbers as DECIMAL(38,0): their quotient is DECIMAL(38,6), rounded half-up. */
  private static Column decimal(Column wholeNumber) {
    return wholeNumber.cast(DataTypes.createDecimalType(38, 0));
  }

  /** Version of {@link #REPORT}, the report table's schema. */
  public static final int REPORT_SCHEMA_VERSION = 1;

  /** Sections of the report table besides {@code tier} and {@code decile}. */
  public static final String OVERALL = "overall";

  public static final String WEIGHT = "weight";

  /**
   * The report table: one row per backtest of a period range ({@code section = overall}), per tier,
   * per decile and per event type ({@code weight}: current and suggested weight).
   */
  public static final StructType REPORT =
      new StructType()
          .add(Columns.PERIOD_KIND, DataTypes.StringType, false, "period kind of the scores tested")
          .add(Columns.PERIOD_START, DataTypes.DateType, false, "first day of the first period")
          .add(Columns.PERIOD_END, DataTypes.DateType, false, "last day of the last period")
          .add(
              "horizon_days",
              DataTypes.IntegerType,
              false,
              "days after period_end an outcome labels")
          .add("section", DataTypes.StringType, false, "overall, tier, decile or weight")
          .add("key", DataTypes.StringType, false, "all, the tier, the decile (1-10) or event type")
          .add(Columns.ROWS, DataTypes.LongType, true, "labelled rows (not for weight)")
          .add(Columns.CHURNED, DataTypes.LongType, true, "labelled rows that churned")
          .add(Columns.CHURN_RATE, RATIO_TYPE, true, "churned / rows")
          .add(Columns.LIFT, RATIO_TYPE, true, "churn_rate / overall churn_rate")
          .add(Columns.AUC, RATIO_TYPE, true, "AUC of raw_score predicting no churn (overall)")
          .add("current_weight", Columns.WEIGHT_TYPE, true, "the type's weight (weight)")
          .add("suggested_weight", Columns.WEIGHT_TYPE, true, "the fit's suggestion (weight)")
          .add(Columns.RUN_ID, DataTypes.StringType, false, "the backtest that wrote the row");

  /**
   * What a backtest covered: the periods {@code kind} {@code first .. last}, labelled with the
   * outcomes within {@code horizonDays} of their end.
   */
  public record Scope(String kind, LocalDate first, LocalDate last, int horizonDays) {}

  /**
   * The report table's rows from the results of {@link #auc}, {@link #churnBy} on {@code tier} and
   * on {@code decile}, and {@link SuggestedWeights#fit}, for the periods and horizon of {@code
   * scope}.
   */
  public static Dataset<Row> report(
      Dataset<Row> overall,
      Dataset<Row> tiers,
      Dataset<Row> deciles,
      Dataset<Row> weights,
      Scope scope,
      String runId) {
    Column none = lit(null);
    Dataset<Row> rows =
        overall
            .select(
                lit(OVERALL).as("section"),
                lit("all").as("key"),
                col(Columns.ROWS),
                col(Columns.CHURNED),
                col(Columns.CHURN_RATE),
                none.as(Columns.LIFT),
                col(Columns.AUC),
                none.as("current_weight"),
                none.as("suggested_weight"))
            .unionByName(churnRows(tiers, Columns.TIER), true)
            .unionByName(churnRows(deciles, Columns.DECILE), true)
            .unionByName(
                weights.select(
                    lit(WEIGHT).as("section"),
                    col(Columns.EVENT_TYPE).as("key"),
                    col("current_weight"),
                    col("suggested_weight")),
                true);
    return rows.select(
        Arrays.stream(REPORT.fields())
            .map(
                f ->
                    (switch (f.name()) {
                          case Columns.PERIOD_KIND -> lit(scope.kind());
                          case Columns.PERIOD_START -> lit(Date.valueOf(scope.first()));
                          case Columns.PERIOD_END -> lit(Date.valueOf(scope.last()));
                          case "horizon_days" -> lit(scope.horizonDays());
                          case Columns.RUN_ID -> lit(runId);
                          default -> col(f.name());
                        })
                        .cast(f.dataType())
                        .as(f.name()))
            .toArray(Column[]::new));
  }

  private static Dataset<Row> churnRows(Dataset<Row> churn, String group) {
    return churn.select(
        lit(group).as("section"),
        col(group).cast(DataTypes.StringType).as("key"),
        col(Columns.ROWS),
        col(Columns.CHURNED),
        col(Columns.CHURN_RATE),
        col(Columns.LIFT));
  }
}
