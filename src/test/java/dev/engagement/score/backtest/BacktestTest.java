package dev.engagement.score.backtest;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.TestSchemas;
import dev.engagement.score.model.Columns;
import java.math.BigDecimal;
import java.sql.Date;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class BacktestTest extends SparkTestBase {
  private static final Date OCT_1 = Date.valueOf("2026-10-01");
  private static final Date OCT_31 = Date.valueOf("2026-10-31");

  private static final StructType SCORES =
      TestSchemas.CUSTOMER_PERIOD.add(Columns.RAW_SCORE, Columns.RAW_SCORE_TYPE);

  /** Labelled rows: a group column, a score and the label. */
  private static final StructType LABELLED =
      new StructType()
          .add(Columns.TIER, DataTypes.StringType)
          .add(Columns.RAW_SCORE, Columns.RAW_SCORE_TYPE)
          .add(Columns.CHURNED, DataTypes.BooleanType);

  private static Object[] october(String customer, String raw) {
    return new Object[] {customer, "month", OCT_1, OCT_31, new BigDecimal(raw).setScale(6)};
  }

  private static Object[] labelled(String tier, String raw, Boolean churned) {
    return new Object[] {tier, new BigDecimal(raw).setScale(6), churned};
  }

  private static BigDecimal ratio(String value) {
    return new BigDecimal(value);
  }

  @Test
  void theFirstOutcomeAfterThePeriodWithinTheHorizonLabelsARow() {
    Dataset<Row> scores =
        df(SCORES, october("a", "1"), october("b", "2"), october("c", "3"), october("d", "4"));
    Dataset<Row> outcomes =
        df(
            Backtest.OUTCOMES,
            // a: the renewal on period_end itself is not after it; the churn on 11-15 comes
            // before the renewal on 11-20: churned.
            new Object[] {"a", "renewed", OCT_31},
            new Object[] {"a", "renewed", Date.valueOf("2026-11-20")},
            new Object[] {"a", "churned", Date.valueOf("2026-11-15")},
            // b: 10-31 + 30 days = 11-30, the horizon's last day (inclusive): renewed.
            new Object[] {"b", "renewed", Date.valueOf("2026-11-30")},
            // c: 12-01 is day 31: outside the horizon, unlabelled. d has no outcome at all.
            new Object[] {"c", "churned", Date.valueOf("2026-12-01")});

    Dataset<Row> expected =
        df(
            SCORES.add(Columns.CHURNED, DataTypes.BooleanType),
            append(october("a", "1"), true),
            append(october("b", "2"), false),
            append(october("c", "3"), null),
            append(october("d", "4"), null));
    assertDataFrameNoOrderEquals(expected, Backtest.label(scores, outcomes, 30));
  }

  @Test
  void decilesCountStrictlyLowerScoresAndTiesShareADecile() {
    // Four rows: lower = 0, 1, 1, 3 of n = 4; decile = 1 + floor(10 x lower / 4):
    // 1 + 0 = 1, 1 + floor(2.5) = 3 (twice, tied), 1 + floor(7.5) = 8. Deciles 2, 4-7, 9, 10 empty.
    // The other period's single row: lower 0 of 1, decile 1.
    Object[] november =
        new Object[] {
          "a", "month", Date.valueOf("2026-11-01"), Date.valueOf("2026-11-30"), bd("99")
        };
    Dataset<Row> scores =
        df(
            SCORES,
            october("a", "10"),
            october("b", "20"),
            october("c", "20"),
            october("d", "40"),
            november);
    StructType withDecile = SCORES.add(Columns.DECILE, DataTypes.IntegerType);
    assertDataFrameNoOrderEquals(
        df(
            withDecile,
            append(october("a", "10"), 1),
            append(october("b", "20"), 3),
            append(october("c", "20"), 3),
            append(october("d", "40"), 8),
            append(november, 1)),
        Backtest.deciles(scores, Columns.RAW_SCORE));
  }

  @Test
  void churnPerGroupWithRateAndLiftOverTheLabelledRowsOnly() {
    Dataset<Row> rows =
        df(
            LABELLED,
            labelled("x", "1", true),
            labelled("x", "2", false),
            labelled("x", "3", false),
            labelled("y", "4", true),
            labelled("y", "5", null), // unlabelled: not counted anywhere
            labelled("z", "6", null));
    // Overall 4 labelled rows, 2 churned: rate 1/2.
    // x: 1 of 3 = 0.333333 (1/3 rounded); lift = (1/3) / (1/2) = 1 x 4 / (3 x 2) = 0.666667.
    // y: 1 of 1 = 1; lift = 1 x 4 / (1 x 2) = 2.
    StructType schema =
        new StructType()
            .add(Columns.TIER, DataTypes.StringType)
            .add(Columns.ROWS, DataTypes.LongType, false)
            .add(Columns.CHURNED, DataTypes.LongType)
            .add(Columns.CHURN_RATE, Backtest.RATIO_TYPE)
            .add(Columns.LIFT, Backtest.RATIO_TYPE);
    assertDataFrameNoOrderEquals(
        df(
            schema,
            new Object[] {"x", 3L, 1L, ratio("0.333333"), ratio("0.666667")},
            new Object[] {"y", 1L, 1L, ratio("1.000000"), ratio("2.000000")}),
        Backtest.churnBy(rows, Columns.TIER));
  }

  @Test
  void aucIsTheShareOfRenewedChurnedPairsRankedRightWithTiesCountingHalf() {
    // Churned at 10 and 30, renewed at 20, 30 and 50: 3 x 2 = 6 pairs (renewed, churned):
    // (20,10) 1, (20,30) 0, (30,10) 1, (30,30) 1/2, (50,10) 1, (50,30) 1 -> 4.5 / 6 = 0.75.
    Dataset<Row> rows =
        df(
            LABELLED,
            labelled("t", "10", true),
            labelled("t", "30", true),
            labelled("t", "20", false),
            labelled("t", "30", false),
            labelled("t", "50", false),
            labelled("t", "0", null)); // unlabelled: left out
    assertDataFrameNoOrderEquals(
        overall(5L, 2L, ratio("0.400000"), ratio("0.750000")),
        Backtest.auc(rows, Columns.RAW_SCORE));
  }

  @Test
  void aucRoundsOnceAndIsNullWithoutBothClasses() {
    // Churned at 2, renewed at 1, 1 and 3: only (3,2) is ranked right, 1 of 3 pairs = 0.333333.
    Dataset<Row> rows =
        df(
            LABELLED,
            labelled("t", "2", true),
            labelled("t", "1", false),
            labelled("t", "1", false),
            labelled("t", "3", false));
    assertDataFrameNoOrderEquals(
        overall(4L, 1L, ratio("0.250000"), ratio("0.333333")),
        Backtest.auc(rows, Columns.RAW_SCORE));
    Dataset<Row> allRenewed = df(LABELLED, labelled("t", "1", false), labelled("t", "2", false));
    assertDataFrameNoOrderEquals(
        overall(2L, 0L, ratio("0.000000"), null), Backtest.auc(allRenewed, Columns.RAW_SCORE));
  }

  private Dataset<Row> overall(long rows, long churned, BigDecimal rate, BigDecimal auc) {
    StructType schema =
        new StructType()
            .add(Columns.ROWS, DataTypes.LongType, false)
            .add(Columns.CHURNED, DataTypes.LongType, false)
            .add(Columns.CHURN_RATE, Backtest.RATIO_TYPE)
            .add(Columns.AUC, Backtest.RATIO_TYPE);
    return df(schema, new Object[] {rows, churned, rate, auc});
  }

  private static BigDecimal bd(String value) {
    return new BigDecimal(value).setScale(6);
  }

  private static Object[] append(Object[] row, Object value) {
    Object[] longer = Arrays.copyOf(row, row.length + 1);
    longer[row.length] = value;
    return longer;
  }
}
