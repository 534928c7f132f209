package dev.engagement.score.feature.breakdown;

import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.TestSchemas;
import dev.engagement.score.core.categories.Categories;
import dev.engagement.score.core.events.RejectReason;
import dev.engagement.score.core.scoring.ScoreAggregator;
import dev.engagement.score.core.scoring.ScoringPipeline;
import dev.engagement.score.core.weights.PeriodWeights;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.Period;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Per-event-type sums, caps and the breakdown rows, from hand-written daily counts through {@link
 * ScoringPipeline#sumTypes} as the job chains them: sums per type, the period sums derived from
 * them, and contributions that add up to raw_score exactly.
 */
class TypeSumsTest extends SparkTestBase {
  private static final StructType DAILY = TestSchemas.DAILY_COUNTS;

  /** Per-type sums of the scorable rows, without the weight in millionths and the reason. */
  private static final StructType TYPES =
      TestSchemas.CUSTOMER_PERIOD
          .add(Columns.EVENT_TYPE, DataTypes.StringType)
          .add(Columns.EVENT_COUNT, DataTypes.LongType)
          .add(Columns.COUNTED, DataTypes.LongType)
          .add(Columns.CONTRIBUTION, Columns.RAW_SCORE_TYPE);

  private static final StructType SCORES = TestSchemas.PERIOD_SCORES;

  private static final Date OCT_1 = Date.valueOf("2026-10-01");
  private static final Date OCT_31 = Date.valueOf("2026-10-31");
  private static final Date NOV_1 = Date.valueOf("2026-11-01");
  private static final Date NOV_30 = Date.valueOf("2026-11-30");
  // The last days with scored events: cmix's feature use and login, cneg's cancellation.
  private static final Date OCT_22 = Date.valueOf("2026-10-22");
  private static final Date NOV_2 = Date.valueOf("2026-11-02");
  private static final Date OCT_7 = Date.valueOf("2026-10-07");
  private static final List<Period> OCT_NOV =
      List.of(
          new Period("month", OCT_1.toLocalDate(), OCT_31.toLocalDate()),
          new Period("month", NOV_1.toLocalDate(), NOV_30.toLocalDate()));

  /** Undated weights (one version for every period) for October and November. */
  private Dataset<Row> weights(String... typeAndWeight) {
    return PeriodWeights.of(spark(), TestSchemas.undatedWeights(typeAndWeight), OCT_NOV);
  }

  private Dataset<Row> weights() {
    return weights(
        "login", "1",
        "team_member_added", "10",
        "project_added", "5",
        "upgraded_to_paid", "50",
        "cancellation_requested", "-20",
        "feature_used", "0.1");
  }

  private static Object[] day(String customer, String date, String type, long n) {
    return new Object[] {customer, Date.valueOf(date), type, null, n};
  }

  private static Object[] rejected(String customer, String date, String type, String reason) {
    return new Object[] {customer, Date.valueOf(date), type, reason, 2L};
  }

  /**
   * cmix is DOMAIN.md's worked example plus a negative and a fractional weight: 30 x 1 + 4 x 10 + 5
   * x 5 + 1 x 50 - 1 x 20 + 3 x 0.1 = 145 - 20 + 0.3 = 125.3 in October, its logins spread over two
   * days; 12 logins in November. cneg: 5 logins and 5 cancellations in October.
   */
  private Dataset<Row> dailyCounts() {
    return df(
        DAILY,
        day("cmix", "2026-10-01", "login", 20),
        day("cmix", "2026-10-02", "login", 10),
        day("cmix", "2026-10-03", "team_member_added", 4),
        day("cmix", "2026-10-04", "project_added", 5),
        day("cmix", "2026-10-20", "upgraded_to_paid", 1),
        day("cmix", "2026-10-21", "cancellation_requested", 1),
        day("cmix", "2026-10-22", "feature_used", 3),
        day("cmix", "2026-11-02", "login", 12),
        day("cneg", "2026-10-05", "login", 5),
        day("cneg", "2026-10-06", "cancellation_requested", 3),
        day("cneg", "2026-10-07", "cancellation_requested", 2),
        // Not scored: in no breakdown row, no contribution.
        rejected("cmix", "2026-10-01", "legacy_click", RejectReason.UNKNOWN_EVENT_TYPE),
        rejected("cmix", "2026-10-01", "login", RejectReason.DUPLICATE_EVENT_ID),
        new Object[] {"cneg", null, "login", RejectReason.MISSING_EVENT_TIME, 1L});
  }

  private static Object[] oct(String customer, String type, long count, long counted, String c) {
    return new Object[] {customer, "month", OCT_1, OCT_31, type, count, counted, new BigDecimal(c)};
  }

  private static Object[] nov(String customer, String type, long count, long counted, String c) {
    return new Object[] {customer, "month", NOV_1, NOV_30, type, count, counted, new BigDecimal(c)};
  }

  private Dataset<Row> typeSums(Map<String, Long> caps) {
    return ScoringPipeline.sumTypes(dailyCounts(), OCT_NOV, weights(), caps);
  }

  private static Dataset<Row> scorable(Dataset<Row> typeSums) {
    return typeSums
        .filter(typeSums.col(Columns.REJECT_REASON).isNull())
        .select(Columns.cols(TYPES.fieldNames()));
  }

  private Dataset<Row> scores(Dataset<Row> typeSums) {
    return ScoreAggregator.score(
        ScoringPipeline.sumPeriodsOfTypes(typeSums, weights(), Categories.OFF));
  }

  @Test
  void eachTypeIsSummedOncePerCustomerAndPeriodWithItsExactContribution() {
    assertDataFrameNoOrderEquals(
        df(
            TYPES,
            oct("cmix", "login", 30, 30, "30.000000"), // 20 + 10 logins, x 1
            oct("cmix", "team_member_added", 4, 4, "40.000000"), // 4 x 10
            oct("cmix", "project_added", 5, 5, "25.000000"), // 5 x 5
            oct("cmix", "upgraded_to_paid", 1, 1, "50.000000"), // 1 x 50
            oct("cmix", "cancellation_requested", 1, 1, "-20.000000"), // 1 x -20
            oct("cmix", "feature_used", 3, 3, "0.300000"), // 3 x 0.1, exactly
            nov("cmix", "login", 12, 12, "12.000000"),
            oct("cneg", "login", 5, 5, "5.000000"),
            oct("cneg", "cancellation_requested", 5, 5, "-100.000000")), // (3 + 2) x -20
        scorable(typeSums(Map.of())));
  }

  @Test
  void withoutCapsThePeriodSumsOfTypesAreTheDirectSums() {
    // cmix October 125.3 from 44 events (30 + 4 + 5 + 1 + 1 + 3), November 12 from 12; cneg
    // 5 - 100 = -95 from 10. The rejected rows keep their reasons, counted like the direct sums.
    assertDataFrameNoOrderEquals(
        df(
            SCORES,
            new Object[] {
              "cmix", "month", OCT_1, OCT_31, 44L, new BigDecimal("125.300000"), OCT_22
            },
            new Object[] {"cmix", "month", NOV_1, NOV_30, 12L, new BigDecimal("12.000000"), NOV_2},
            new Object[] {
              "cneg", "month", OCT_1, OCT_31, 10L, new BigDecimal("-95.000000"), OCT_7
            }),
        scores(typeSums(Map.of())));
    assertDataFrameNoOrderEquals(
        ScoringPipeline.sumPeriods(dailyCounts(), OCT_NOV, weights()),
        ScoringPipeline.sumPeriodsOfTypes(typeSums(Map.of()), weights(), Categories.OFF));
  }

  @Test
  void aCapLimitsTheEventsOfATypeCountedPerCustomerAndPeriod() {
    Dataset<Row> capped = typeSums(Map.of("login", 10L, "cancellation_requested", 2L));
    assertDataFrameNoOrderEquals(
        df(
            TYPES,
            oct("cmix", "login", 30, 10, "10.000000"), // min(30, 10) x 1
            oct("cmix", "team_member_added", 4, 4, "40.000000"),
            oct("cmix", "project_added", 5, 5, "25.000000"),
            oct("cmix", "upgraded_to_paid", 1, 1, "50.000000"),
            oct("cmix", "cancellation_requested", 1, 1, "-20.000000"), // 1 is under the cap
            oct("cmix", "feature_used", 3, 3, "0.300000"),
            nov("cmix", "login", 12, 10, "10.000000"), // capped again in its own period
            oct("cneg", "login", 5, 5, "5.000000"), // 5 is under the cap
            oct("cneg", "cancellation_requested", 5, 2, "-40.000000")), // min(5, 2) x -20
        scorable(capped));
    // cmix October: 10 + 40 + 25 + 50 - 20 + 0.3 = 105.3, November 10; cneg: 5 - 40 = -35 (a
    // capped negative weight limits the penalty too). event_count still counts every event.
    assertDataFrameNoOrderEquals(
        df(
            SCORES,
            new Object[] {
              "cmix", "month", OCT_1, OCT_31, 44L, new BigDecimal("105.300000"), OCT_22
            },
            new Object[] {"cmix", "month", NOV_1, NOV_30, 12L, new BigDecimal("10.000000"), NOV_2},
            new Object[] {
              "cneg", "month", OCT_1, OCT_31, 10L, new BigDecimal("-35.000000"), OCT_7
            }),
        scores(capped));
  }

  @Test
  void breakdownRowsAreTheScoredTypesAndAddUpToTheRawScoreExactly() {
    Instant at = Instant.parse("2026-11-01T02:00:00Z");
    Dataset<Row> typeSums = typeSums(Map.of("login", 10L));
    Dataset<Row> breakdown =
        BreakdownRows.shape(
            typeSums,
            ScoringPipeline.sumPeriodsOfTypes(typeSums, weights(), Categories.OFF),
            at,
            "run-1");

    Dataset<Row> cneg = breakdown.filter(breakdown.col(Columns.CUSTOMER_ID).equalTo("cneg"));
    // The columns of BreakdownRows.SCHEMA (without their comments), scored_at and run_id not
    // null (they are literals).
    StructType schema =
        new StructType(
            Arrays.stream(BreakdownRows.SCHEMA.fields())
                .map(
                    f ->
                        new StructField(
                            f.name(),
                            f.dataType(),
                            !f.name().equals(Columns.SCORED_AT) && !f.name().equals(Columns.RUN_ID),
                            Metadata.empty()))
                .toArray(StructField[]::new));
    assertDataFrameNoOrderEquals(
        df(
            schema,
            new Object[] {
              "cneg",
              "month",
              OCT_1,
              OCT_31,
              "login",
              5L,
              5L,
              new BigDecimal("1.000000"),
              new BigDecimal("5.000000"),
              Timestamp.from(at),
              "run-1"
            },
            new Object[] {
              "cneg",
              "month",
              OCT_1,
              OCT_31,
              "cancellation_requested",
              5L,
              5L,
              new BigDecimal("-20.000000"),
              new BigDecimal("-100.000000"),
              Timestamp.from(at),
              "run-1"
            }),
        cneg);
    // 9 scored (customer, period, type) rows; the unknown type, the duplicates and the event
    // without a time are in none.
    assertThat(breakdown.count()).isEqualTo(9);
    // The invariant: per customer and period, sum(contribution) = raw_score. By hand: cmix
    // October 10 + 40 + 25 + 50 - 20 + 0.3 = 105.3, November min(12, 10) = 10, cneg 5 - 100 = -95.
    Dataset<Row> sums =
        breakdown
            .groupBy(Columns.cols(TestSchemas.CUSTOMER_PERIOD.fieldNames()))
            .agg(sum(Columns.CONTRIBUTION).as(Columns.RAW_SCORE));
    Dataset<Row> raw =
        scores(typeSums)
            .select(
                Columns.cols(
                    Columns.CUSTOMER_ID,
                    Columns.PERIOD_KIND,
                    Columns.PERIOD_START,
                    Columns.PERIOD_END,
                    Columns.RAW_SCORE));
    assertDataFrameNoOrderEquals(raw, sums);
    assertDataFrameNoOrderEquals(
        df(
            TestSchemas.CUSTOMER_PERIOD.add(Columns.RAW_SCORE, Columns.RAW_SCORE_TYPE),
            new Object[] {"cmix", "month", OCT_1, OCT_31, new BigDecimal("105.300000")},
            new Object[] {"cmix", "month", NOV_1, NOV_30, new BigDecimal("10.000000")},
            new Object[] {"cneg", "month", OCT_1, OCT_31, new BigDecimal("-95.000000")}),
        sums);
  }

  @Test
  void aContributionThatCouldPassTheLimitFailsInsteadOfBeingRounded() {
    // 10 x 999,999,999,999.999999 is 10^19 millionths, past 2^63 (about 9.2 x 10^18).
    Dataset<Row> whale = weights("whale", "999999999999.999999");
    Dataset<Row> typeSums =
        ScoringPipeline.sumTypes(
            df(DAILY, day("cwhale", "2026-10-01", "whale", 10)), OCT_NOV, whale, Map.of());
    assertThatThrownBy(() -> typeSums.collectAsList())
        .hasMessageContaining("The raw score of customer cwhale in the period starting 2026-10-01");
  }

  @Test
  void aCustomerPeriodWithoutAScoreRowHasNoBreakdownRows() {
    // As when the customer dimension leaves an inactive customer's events unscored: cneg's October
    // sums are no score row, so its 2 type rows are left out and cmix's 7 remain.
    Dataset<Row> typeSums = typeSums(Map.of());
    Dataset<Row> periodSums =
        ScoringPipeline.sumPeriodsOfTypes(typeSums, weights(), Categories.OFF);
    Dataset<Row> breakdown =
        BreakdownRows.shape(
            typeSums,
            periodSums.filter(periodSums.col(Columns.CUSTOMER_ID).notEqual("cneg")),
            Instant.parse("2026-11-01T02:00:00Z"),
            "run-1");
    assertThat(breakdown.select(Columns.CUSTOMER_ID).distinct().collectAsList())
        .map(r -> r.getString(0))
        .containsExactly("cmix");
    assertThat(breakdown.count()).isEqualTo(7);
  }
}
