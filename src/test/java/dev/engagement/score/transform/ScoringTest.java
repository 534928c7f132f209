package dev.engagement.score.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.Columns;
import dev.engagement.score.SparkTestBase;
import dev.engagement.score.TestSchemas;
import dev.engagement.score.io.WeightSource;
import java.math.BigDecimal;
import java.sql.Date;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Weighting, aggregation and input counts, on hand-written per-type counts. */
class ScoringTest extends SparkTestBase {
  private static final StructType COUNTS =
      TestSchemas.CUSTOMER_PERIOD
          .add(Columns.EVENT_TYPE, DataTypes.StringType)
          .add(Columns.EVENT_COUNT, DataTypes.LongType);

  private static final StructType SCORES =
      TestSchemas.CUSTOMER_PERIOD
          .add(Columns.EVENT_COUNT, DataTypes.LongType)
          .add(Columns.RAW_SCORE, Columns.RAW_SCORE_TYPE);

  private static final Date OCT_1 = Date.valueOf("2026-10-01");
  private static final Date OCT_31 = Date.valueOf("2026-10-31");

  private Dataset<Row> weights() {
    return df(
        WeightSource.SCHEMA,
        new Object[] {"login", new BigDecimal("1")},
        new Object[] {"team_member_added", new BigDecimal("10")},
        new Object[] {"project_added", new BigDecimal("5")},
        new Object[] {"upgraded_to_paid", new BigDecimal("50")},
        new Object[] {"cancellation_requested", new BigDecimal("-20")},
        new Object[] {"feature_used", new BigDecimal("0.1")});
  }

  private Object[] count(String customer, String type, long n) {
    return new Object[] {customer, "month", OCT_1, OCT_31, type, n};
  }

  private Dataset<Row> weightedCounts() {
    Dataset<Row> counts =
        df(
            COUNTS,
            // The worked example of DOMAIN.md: 30 + 40 + 25 + 50 = 145.
            count("c145", "login", 30),
            count("c145", "team_member_added", 4),
            count("c145", "project_added", 5),
            count("c145", "upgraded_to_paid", 1),
            count("c145", "legacy_click", 2),
            // 5 x 1 + 1 x -20 = -15: below zero.
            count("cneg", "login", 5),
            count("cneg", "cancellation_requested", 1),
            // 3 x 0.1 = 0.3 exactly, not 0.30000000000000004.
            count("cdec", "feature_used", 3),
            // Only unknown types: no score row.
            count("cunknown", "legacy_click", 7),
            count(null, "login", 4),
            // No time, so no period.
            new Object[] {"ctime", null, null, null, "login", 2L});
    return Weighting.attach(counts, weights());
  }

  @Test
  void rawScoreIsTheExactWeightedSumPerCustomerAndPeriod() {
    Dataset<Row> expected =
        df(
            SCORES,
            new Object[] {"c145", "month", OCT_1, OCT_31, 40L, new BigDecimal("145.000000")},
            new Object[] {"cneg", "month", OCT_1, OCT_31, 6L, new BigDecimal("-15.000000")},
            new Object[] {"cdec", "month", OCT_1, OCT_31, 3L, new BigDecimal("0.300000")});
    assertDataFrameNoOrderEquals(expected, ScoreAggregator.score(weightedCounts()));
  }

  @Test
  void unknownTypesAndMissingCustomersAreCountedNotLost() {
    // 64 events: 4 without a customer, 2 without a time, 2 + 7 of types without a weight.
    assertThat(InputStats.of(weightedCounts())).isEqualTo(new InputStats(64, 4, 2, 9));
  }

  @Test
  void eventTypesMatchExactly() {
    Dataset<Row> counts =
        df(COUNTS, count("c1", "Login", 2), count("c1", "login ", 3), count("c1", "login", 1));
    Dataset<Row> weighted = Weighting.attach(counts, weights());
    assertThat(InputStats.of(weighted)).isEqualTo(new InputStats(6, 0, 0, 5));
    assertDataFrameNoOrderEquals(
        df(SCORES, new Object[] {"c1", "month", OCT_1, OCT_31, 1L, new BigDecimal("1.000000")}),
        ScoreAggregator.score(weighted));
  }
}
