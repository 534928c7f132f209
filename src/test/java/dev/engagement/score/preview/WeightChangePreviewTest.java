package dev.engagement.score.preview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.model.Columns;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The weight-change comparison on hand-written scores of October 2026 (the example of
 * docs/weight-preview.md), default tiers: at_risk < 0, disengaged <= 40, somewhat_engaged <= 70,
 * engaged <= 100, power_user.
 *
 * <p>Current weights: login 1, project_added 5, cancellation_requested -20, newsletter_opened 2.
 * Proposed: login 2, project_added 5, cancellation_requested -10, webinar_attended 15 (no
 * newsletter_opened).
 *
 * <pre>
 * customer  events                       current            proposed           change
 * ana       30 login, 5 project_added    30+25 = 55 some.   60+25 = 85 engaged  +30
 * bob       10 login, 1 cancellation     10-20 = -10 at_r.  20-10 = 10 diseng.  +20
 * cy        20 login                     20 diseng.         40 diseng.          +20
 * dee       2 webinar_attended           not scored         2x15 = 30 diseng.   +30 (0 -> 30)
 * eve       8 project_added              40 diseng.         40 diseng.            0
 * fay       3 newsletter_opened          3x2 = 6 diseng.    not scored           -6 (6 -> 0)
 * </pre>
 *
 * Normalized (min-max to 0..100): current min -10, max 55, span 65: ana 100, bob 0, cy 30/65 =
 * 46.15, eve 50/65 = 76.92, fay 16/65 = 24.62; proposed min 10, max 85, span 75: ana 100, bob 0, cy
 * 30/75 = 40, dee 20/75 = 26.67, eve 40.
 */
class WeightChangePreviewTest extends SparkTestBase {
  private static final StructType SCORES =
      new StructType()
          .add(Columns.CUSTOMER_ID, DataTypes.StringType, false)
          .add(Columns.PERIOD_KIND, DataTypes.StringType, false)
          .add(Columns.PERIOD_START, DataTypes.DateType, false)
          .add(Columns.PERIOD_END, DataTypes.DateType, false)
          .add(Columns.RAW_SCORE, Columns.RAW_SCORE_TYPE, true)
          .add(Columns.NORMALIZED_SCORE, Columns.NORMALIZED_SCORE_TYPE, true)
          .add(Columns.TIER, DataTypes.StringType, false);

  private static final Date OCT_1 = Date.valueOf("2026-10-01");
  private static final Date OCT_31 = Date.valueOf("2026-10-31");

  private static Object[] score(String customer, String raw, String normalized, String tier) {
    return new Object[] {
      customer, "month", OCT_1, OCT_31, new BigDecimal(raw), new BigDecimal(normalized), tier
    };
  }

  private Dataset<Row> current() {
    return df(
        SCORES,
        score("ana", "55.000000", "100.00", "somewhat_engaged"),
        score("bob", "-10.000000", "0.00", "at_risk"),
        score("cy", "20.000000", "46.15", "disengaged"),
        score("eve", "40.000000", "76.92", "disengaged"),
        score("fay", "6.000000", "24.62", "disengaged"));
  }

  private Dataset<Row> proposed() {
    return df(
        SCORES,
        score("ana", "85.000000", "100.00", "engaged"),
        score("bob", "10.000000", "0.00", "disengaged"),
        score("cy", "40.000000", "40.00", "disengaged"),
        score("dee", "30.000000", "26.67", "disengaged"),
        score("eve", "40.000000", "40.00", "disengaged"));
  }

  private Dataset<Row> compared() {
    return WeightChangePreview.compare(current(), proposed());
  }

  private static Object[] cell(String current, String proposed, long customers) {
    return new Object[] {"month", OCT_1, OCT_31, current, proposed, customers};
  }

  private static Object[] mover(
      int rank,
      String customer,
      String currentRaw,
      String proposedRaw,
      String change,
      String currentNormalized,
      String proposedNormalized,
      String currentTier,
      String proposedTier) {
    return new Object[] {
      "month",
      OCT_1,
      OCT_31,
      rank,
      customer,
      currentRaw == null ? null : new BigDecimal(currentRaw),
      proposedRaw == null ? null : new BigDecimal(proposedRaw),
      new BigDecimal(change),
      currentNormalized == null ? null : new BigDecimal(currentNormalized),
      proposedNormalized == null ? null : new BigDecimal(proposedNormalized),
      currentTier,
      proposedTier
    };
  }

  @Test
  void migrationCountsCustomersPerTierPairIncludingOneSidedOnes() {
    // ana somewhat_engaged -> engaged, bob at_risk -> disengaged, cy and eve stay disengaged, dee
    // is scored with the proposed weights only, fay with the current ones only: 6 customers.
    assertDataFrameNoOrderEquals(
        df(
            WeightChangePreview.MIGRATION_SCHEMA,
            cell("somewhat_engaged", "engaged", 1),
            cell("at_risk", "disengaged", 1),
            cell("disengaged", "disengaged", 2),
            cell(null, "disengaged", 1),
            cell("disengaged", null, 1)),
        WeightChangePreview.migration(compared()));
  }

  @Test
  void moversAreRankedByAbsoluteRawChangeThenCustomer() {
    // |change|: ana 30, dee 30 (ties: by customer id), bob 20, cy 20, fay 6; eve (0, same tier)
    // did not move. Top 3: ana, dee, bob.
    assertDataFrameNoOrderEquals(
        df(
            WeightChangePreview.MOVERS_SCHEMA,
            mover(
                1,
                "ana",
                "55.000000",
                "85.000000",
                "30.000000",
                "100.00",
                "100.00",
                "somewhat_engaged",
                "engaged"),
            mover(2, "dee", null, "30.000000", "30.000000", null, "26.67", null, "disengaged"),
            mover(
                3,
                "bob",
                "-10.000000",
                "10.000000",
                "20.000000",
                "0.00",
                "0.00",
                "at_risk",
                "disengaged")),
        WeightChangePreview.movers(compared(), 3));
  }

  @Test
  void everyMoverWhenTopIsLarge() {
    // cy keeps its tier but its raw score changes by 20: a mover; fay's 6 becomes 0 (not scored):
    // -6, rank 5.
    assertThat(
            WeightChangePreview.movers(compared(), 20)
                .orderBy(WeightChangePreview.RANK)
                .collectAsList())
        .map(Row::toString)
        .containsExactly(
            "[month,2026-10-01,2026-10-31,1,ana,55.000000,85.000000,30.000000,100.00,100.00,"
                + "somewhat_engaged,engaged]",
            "[month,2026-10-01,2026-10-31,2,dee,null,30.000000,30.000000,null,26.67,null,"
                + "disengaged]",
            "[month,2026-10-01,2026-10-31,3,bob,-10.000000,10.000000,20.000000,0.00,0.00,at_risk,"
                + "disengaged]",
            "[month,2026-10-01,2026-10-31,4,cy,20.000000,40.000000,20.000000,46.15,40.00,"
                + "disengaged,disengaged]",
            "[month,2026-10-01,2026-10-31,5,fay,6.000000,null,-6.000000,24.62,null,disengaged,"
                + "null]");
  }

  @Test
  void reportHoldsBothSectionsInLongFormat() {
    Instant at = Instant.parse("2026-11-26T10:00:00Z");
    Dataset<Row> report =
        WeightChangePreview.report(
            WeightChangePreview.migration(compared()),
            WeightChangePreview.movers(compared(), 1),
            "cur",
            "new",
            at,
            "run-1");
    Timestamp ts = Timestamp.from(at);
    // 5 matrix cells and the top mover (ana). Values only: every column of the table is nullable
    // (as Delta stores it), whatever Spark infers for these rows.
    assertDataFrameNoOrderEquals(
        df(
            WeightChangePreview.REPORT_SCHEMA,
            report(WeightChangePreview.MIGRATION, "somewhat_engaged", "engaged", 1L, ts),
            report(WeightChangePreview.MIGRATION, "at_risk", "disengaged", 1L, ts),
            report(WeightChangePreview.MIGRATION, "disengaged", "disengaged", 2L, ts),
            report(WeightChangePreview.MIGRATION, null, "disengaged", 1L, ts),
            report(WeightChangePreview.MIGRATION, "disengaged", null, 1L, ts),
            new Object[] {
              "month",
              OCT_1,
              OCT_31,
              WeightChangePreview.MOVER,
              "somewhat_engaged",
              "engaged",
              null,
              1,
              "ana",
              new BigDecimal("55.000000"),
              new BigDecimal("85.000000"),
              new BigDecimal("30.000000"),
              new BigDecimal("100.00"),
              new BigDecimal("100.00"),
              "cur",
              "new",
              ts,
              "run-1"
            }),
        spark().createDataFrame(report.collectAsList(), WeightChangePreview.REPORT_SCHEMA));
  }

  private static Object[] report(
      String section, String current, String proposed, Long customers, Timestamp ts) {
    return new Object[] {
      "month", OCT_1, OCT_31, section, current, proposed, customers, null, null, null, null, null,
      null, null, "cur", "new", ts, "run-1"
    };
  }
}
