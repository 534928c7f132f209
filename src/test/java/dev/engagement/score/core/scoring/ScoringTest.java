package dev.engagement.score.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.entry;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.TestSchemas;
import dev.engagement.score.config.CustomerIdWhitespace;
import dev.engagement.score.core.events.Deduplicator;
import dev.engagement.score.core.events.RejectReason;
import dev.engagement.score.core.events.RejectTagger;
import dev.engagement.score.core.table.SparkFailures;
import dev.engagement.score.core.weights.PeriodWeights;
import dev.engagement.score.core.weights.Weighting;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.DateSpan;
import dev.engagement.score.model.Period;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Weighting, aggregation and input counts, on hand-written per-type counts of a period. */
class ScoringTest extends SparkTestBase {
  private static final StructType COUNTS =
      TestSchemas.CUSTOMER_PERIOD
          .add(Columns.EVENT_TYPE, DataTypes.StringType)
          .add(Columns.REJECT_REASON, DataTypes.StringType)
          .add(Columns.EVENT_COUNT, DataTypes.LongType)
          .add(Columns.LAST_EVENT_DATE, DataTypes.DateType);

  private static final StructType SCORES = TestSchemas.PERIOD_SCORES;

  private static final Date OCT_1 = Date.valueOf("2026-10-01");
  private static final Date OCT_20 = Date.valueOf("2026-10-20");
  private static final Date OCT_25 = Date.valueOf("2026-10-25");
  private static final Date OCT_31 = Date.valueOf("2026-10-31");

  private static final Period OCTOBER =
      new Period("month", LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31));

  /** Undated weights (one version for every period) for October. */
  private Dataset<Row> weights(String... typeAndWeight) {
    return PeriodWeights.of(spark(), TestSchemas.undatedWeights(typeAndWeight), List.of(OCTOBER));
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

  private Object[] count(String customer, String type, long n) {
    return rejected(customer, type, null, n);
  }

  private Object[] rejected(String customer, String type, String reason, long n) {
    return new Object[] {customer, "month", OCT_1, OCT_31, type, reason, n, OCT_20};
  }

  private Dataset<Row> periodSums() {
    Dataset<Row> counts =
        df(
            COUNTS,
            // The worked example of DOMAIN.md: 30 + 40 + 25 + 50 = 145.
            count("c145", "login", 30),
            count("c145", "team_member_added", 4),
            count("c145", "project_added", 5),
            // The latest day of a customer's events is its last event date.
            new Object[] {"c145", "month", OCT_1, OCT_31, "upgraded_to_paid", null, 1L, OCT_25},
            rejected("c145", "legacy_click", RejectReason.UNKNOWN_EVENT_TYPE, 2),
            rejected("c145", "login", RejectReason.DUPLICATE_EVENT_ID, 3),
            // 5 x 1 + 1 x -20 = -15: below zero.
            count("cneg", "login", 5),
            count("cneg", "cancellation_requested", 1),
            // 3 x 0.1 = 0.3 exactly, not 0.30000000000000004.
            count("cdec", "feature_used", 3),
            // Only unknown types: no score row.
            rejected("cunknown", "legacy_click", RejectReason.UNKNOWN_EVENT_TYPE, 7),
            rejected(null, "login", RejectReason.MISSING_CUSTOMER_ID, 4),
            // No time, so no period.
            new Object[] {
              "ctime", null, null, null, "login", RejectReason.MISSING_EVENT_TIME, 2L, null
            });
    return ScoreAggregator.sumPeriods(Weighting.attach(counts, weights()));
  }

  @Test
  void rawScoreIsTheExactWeightedSumPerCustomerAndPeriod() {
    Dataset<Row> expected =
        df(
            SCORES,
            new Object[] {
              "c145", "month", OCT_1, OCT_31, 40L, new BigDecimal("145.000000"), OCT_25
            },
            new Object[] {"cneg", "month", OCT_1, OCT_31, 6L, new BigDecimal("-15.000000"), OCT_20},
            new Object[] {"cdec", "month", OCT_1, OCT_31, 3L, new BigDecimal("0.300000"), OCT_20});
    assertDataFrameNoOrderEquals(expected, ScoreAggregator.score(periodSums()));
  }

  @Test
  void rejectedEventsAreCountedPerReasonNotLost() {
    // 67 events: 3 duplicates, 2 + 7 of types without a weight, 4 without a customer, 2 without a
    // time. Bad events (duplicates excepted): 15.
    InputStats stats = InputStats.of(periodSums());
    assertThat(stats.eventsIn()).isEqualTo(67);
    assertThat(stats.rejectedByReason())
        .containsExactly(
            entry(RejectReason.MISSING_EVENT_TIME, 2L),
            entry(RejectReason.EVENT_TIME_OUT_OF_RANGE, 0L),
            entry(RejectReason.MISSING_CUSTOMER_ID, 4L),
            entry(RejectReason.CUSTOMER_ID_WHITESPACE, 0L),
            entry(RejectReason.UNKNOWN_EVENT_TYPE, 9L),
            entry(RejectReason.DUPLICATE_EVENT_ID, 3L),
            entry(RejectReason.INACTIVE_CUSTOMER, 0L));
    assertThat(stats.badEvents()).isEqualTo(15);
  }

  @Test
  void inRejectModeIdsWithOuterWhitespaceAreCountedAsBadDataAndNotScored() {
    Timestamp t = Timestamp.from(Instant.parse("2026-10-05T10:00:00Z"));
    Dataset<Row> validated =
        df(
            TestSchemas.EVENTS,
            new Object[] {"c2", "login", t},
            new Object[] {"c2", "project_added", t},
            new Object[] {"c2 ", "login", t},
            new Object[] {"\tc2", "project_added", t},
            new Object[] {null, "login", t});
    Dataset<Row> sums =
        ScoringPipeline.sumPeriods(
            ScoringPipeline.countDays(
                ScoringPipeline.tagEvents(
                    validated,
                    DateSpan.of(List.of(OCTOBER)),
                    ZoneId.of("UTC"),
                    new RejectTagger.Checks(
                        Instant.parse("2000-01-01T00:00:00Z"),
                        Instant.parse("2027-01-01T00:00:00Z"),
                        CustomerIdWhitespace.REJECT),
                    List.of("login", "project_added"),
                    Deduplicator.Ids.PER_CUSTOMER)),
            List.of(OCTOBER),
            weights());
    InputStats stats = InputStats.of(sums);
    assertThat(stats.eventsIn()).isEqualTo(5);
    assertThat(stats.rejectedByReason())
        .containsEntry(RejectReason.CUSTOMER_ID_WHITESPACE, 2L)
        .containsEntry(RejectReason.MISSING_CUSTOMER_ID, 1L);
    assertThat(stats.badEvents()).as("bad events, towards max_reject_ratio").isEqualTo(3);
    // 1 x login + 1 x project_added = 6: `c2 ` and `\tc2` add nothing to c2.
    assertDataFrameNoOrderEquals(
        df(
            SCORES,
            new Object[] {
              "c2",
              "month",
              OCT_1,
              OCT_31,
              2L,
              new BigDecimal("6.000000"),
              Date.valueOf("2026-10-05")
            }),
        ScoreAggregator.score(sums));
  }

  /** The largest weight a DECIMAL(18,6) holds, 999,999,999,999.999999, counted {@code n} times. */
  private Dataset<Row> largestWeightCounted(long n) {
    Dataset<Row> weights = weights("whale", "999999999999.999999");
    return ScoreAggregator.sumPeriods(
        Weighting.attach(df(COUNTS, count("cwhale", "whale", n)), weights));
  }

  @Test
  void largeScoresStayExactUpToTheLimit() {
    // 9 x 999,999,999,999.999999 = 8,999,999,999,999.999991: 8.99...e18 millionths, under 2^63.
    Dataset<Row> expected =
        df(
            SCORES,
            new Object[] {
              "cwhale", "month", OCT_1, OCT_31, 9L, new BigDecimal("8999999999999.999991"), OCT_20
            });
    assertDataFrameNoOrderEquals(expected, ScoreAggregator.score(largestWeightCounted(9)));
  }

  @Test
  void aScoreThatCouldPassTheLimitFailsInsteadOfBeingRounded() {
    // 10 x 999,999,999,999.999999 is 10^19 millionths, past 2^63 (about 9.2 x 10^18).
    Throwable failure = catchThrowable(() -> largestWeightCounted(10).collectAsList());
    assertThat(failure)
        .hasMessageContaining("The raw score of customer cwhale in the period starting 2026-10-01")
        .hasMessageContaining("nothing was published");
    // Bad input, reported without Spark's wrapping nor the guard's mark.
    assertThat(SparkFailures.explain(failure))
        .get()
        .extracting(Throwable::getMessage)
        .isEqualTo(
            "The raw score of customer cwhale in the period starting 2026-10-01 could pass"
                + " +-9.2 x 10^12, beyond which it cannot be summed exactly; nothing was"
                + " published. Check the weights (a weight far larger than the others?) and the"
                + " events of that customer.");
  }
}
