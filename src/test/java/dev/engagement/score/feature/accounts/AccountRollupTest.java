package dev.engagement.score.feature.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.TestSchemas;
import dev.engagement.score.config.TierRules;
import dev.engagement.score.core.categories.Categories;
import dev.engagement.score.core.events.RejectReason;
import dev.engagement.score.core.normalization.Normalization;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.feature.accounts.AccountsFeature.Rollup;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.Period;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Which account a customer counts for, and account scores from customer scores. */
class AccountRollupTest extends SparkTestBase {
  /** Tagged events: the columns {@link AccountRollup#members} reads. */
  private static final StructType TAGGED =
      new StructType()
          .add(Columns.CUSTOMER_ID, DataTypes.StringType)
          .add(Columns.EVENT_TS, DataTypes.TimestampType)
          .add(Columns.LOCAL_DATE, DataTypes.DateType)
          .add(Columns.REJECT_REASON, DataTypes.StringType)
          .add(Columns.ACCOUNT_ID, DataTypes.StringType);

  private static final StructType MEMBERS =
      TestSchemas.CUSTOMER_PERIOD.add(Columns.ACCOUNT_ID, DataTypes.StringType);

  private static final StructType CUSTOMER_SCORES = TestSchemas.PERIOD_SCORES;

  private static final StructType ACCOUNT_SUMS =
      new StructType()
          .add(Columns.ACCOUNT_ID, DataTypes.StringType)
          .add(Columns.PERIOD_KIND, DataTypes.StringType)
          .add(Columns.PERIOD_START, DataTypes.DateType)
          .add(Columns.PERIOD_END, DataTypes.DateType)
          .add(Columns.CUSTOMER_COUNT, DataTypes.LongType, false)
          .add(Columns.EVENT_COUNT, DataTypes.LongType)
          .add(Columns.RAW_SCORE, Columns.RAW_SCORE_TYPE)
          .add(Columns.ROLLUP, DataTypes.StringType, false);

  private static final Period OCT =
      new Period("month", LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-31"));
  private static final Period NOV =
      new Period("month", LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30"));

  private static Object[] event(String customer, String at, String reason, String account) {
    Timestamp ts = Timestamp.valueOf(at.replace('T', ' '));
    return new Object[] {customer, ts, Date.valueOf(at.substring(0, 10)), reason, account};
  }

  private static Object[] member(String customer, Period p, String account) {
    return new Object[] {
      customer, p.kind(), Date.valueOf(p.start()), Date.valueOf(p.end()), account
    };
  }

  private static Object[] customer(String customer, Period p, long events, String raw) {
    return new Object[] {
      customer,
      p.kind(),
      Date.valueOf(p.start()),
      Date.valueOf(p.end()),
      events,
      new BigDecimal(raw),
      Date.valueOf(p.end())
    };
  }

  private static Object[] account(
      String account, Period p, long customers, long events, String raw, String rollup) {
    return new Object[] {
      account,
      p.kind(),
      Date.valueOf(p.start()),
      Date.valueOf(p.end()),
      customers,
      events,
      new BigDecimal(raw),
      rollup
    };
  }

  @Test
  void aCustomerCountsForTheAccountOfItsLatestScoredEventWithOne() {
    Dataset<Row> tagged =
        df(
            TAGGED,
            // Moved from A to B on Oct 20: counts for B, the account it ended the month in.
            event("mover", "2026-10-03T09:00:00", null, "A"),
            event("mover", "2026-10-20T09:00:00", null, "B"),
            // A later event without an account decides nothing: still A.
            event("gap", "2026-10-05T09:00:00", null, "A"),
            event("gap", "2026-10-25T09:00:00", null, null),
            // A later rejected event (unknown type) decides nothing: still A.
            event("rejected", "2026-10-05T09:00:00", null, "A"),
            event("rejected", "2026-10-26T09:00:00", RejectReason.UNKNOWN_EVENT_TYPE, "C"),
            // No event with an account: no row (unassigned).
            event("none", "2026-10-07T09:00:00", null, null),
            // Two accounts at the same latest time: the greatest id, B.
            event("tie", "2026-10-09T09:00:00", null, "B"),
            event("tie", "2026-10-09T09:00:00", null, "A"),
            // Each period on its own: A in October, B in November.
            event("twoMonths", "2026-10-01T09:00:00", null, "A"),
            event("twoMonths", "2026-11-02T09:00:00", null, "B"));

    assertDataFrameNoOrderEquals(
        df(
            MEMBERS,
            member("mover", OCT, "B"),
            member("gap", OCT, "A"),
            member("rejected", OCT, "A"),
            member("tie", OCT, "B"),
            member("twoMonths", OCT, "A"),
            member("twoMonths", NOV, "B")),
        AccountRollup.members(tagged, List.of(OCT, NOV)));
  }

  private Dataset<Row> members(Object[]... rows) {
    return df(MEMBERS, rows);
  }

  @Test
  void sumAddsUpTheCustomersExactlyAndKeepsTheUnassignedAsANullAccount() {
    Dataset<Row> customers =
        df(
            CUSTOMER_SCORES,
            customer("c1", OCT, 10, "10"),
            customer("c2", OCT, 3, "-4.5"),
            customer("c3", OCT, 2, "7.000001"),
            customer("c4", OCT, 4, "5"), // no account
            customer("c5", OCT, 1, "-1"), // no account
            customer("c1", NOV, 2, "2"), // moved to B in November
            customer("c6", NOV, 1, "1")); // no account
    Dataset<Row> members =
        members(
            member("c1", OCT, "A"),
            member("c2", OCT, "A"),
            member("c3", OCT, "B"),
            member("c1", NOV, "B"));

    Dataset<Row> sums = AccountRollup.combine(customers, members, Rollup.SUM);

    assertDataFrameNoOrderEquals(
        df(
            ACCOUNT_SUMS,
            account("A", OCT, 2, 13, "5.500000", "sum"), // 10 + -4.5; 10 + 3 events
            account("B", OCT, 1, 2, "7.000001", "sum"),
            account(null, OCT, 2, 5, "4.000000", "sum"), // c4 + c5: 5 + -1; 4 + 1 events
            account("B", NOV, 1, 2, "2.000000", "sum"),
            account(null, NOV, 1, 1, "1.000000", "sum")),
        sums);
    // Unassigned over both months: c4, c5 (October), c6 (November); 4 + 1 + 1 events.
    assertThat(AccountRollup.Unassigned.of(sums))
        .as("customer-periods left out of the account table, and their events")
        .isEqualTo(new AccountRollup.Unassigned(3, 6));
  }

  @Test
  void meanDividesTheExactSumByTheCustomersRoundingOnceHalfUp() {
    Dataset<Row> customers =
        df(
            CUSTOMER_SCORES,
            customer("a1", OCT, 1, "3"),
            customer("a2", OCT, 1, "3"),
            customer("a3", OCT, 1, "4"),
            customer("b1", OCT, 1, "-5"),
            customer("b2", OCT, 1, "-5"),
            customer("b3", OCT, 1, "0"),
            customer("c1", OCT, 1, "0.000001"),
            customer("c2", OCT, 1, "0"),
            customer("d1", OCT, 1, "-0.000001"),
            customer("d2", OCT, 1, "0"),
            customer("e1", OCT, 1, "10"),
            customer("e2", OCT, 1, "10"),
            customer("e3", OCT, 1, "0"),
            customer("u1", OCT, 2, "9")); // no account
    Dataset<Row> members =
        members(
            member("a1", OCT, "A"),
            member("a2", OCT, "A"),
            member("a3", OCT, "A"),
            member("b1", OCT, "B"),
            member("b2", OCT, "B"),
            member("b3", OCT, "B"),
            member("c1", OCT, "C"),
            member("c2", OCT, "C"),
            member("d1", OCT, "D"),
            member("d2", OCT, "D"),
            member("e1", OCT, "E"),
            member("e2", OCT, "E"),
            member("e3", OCT, "E"));

    assertDataFrameNoOrderEquals(
        df(
            ACCOUNT_SUMS,
            account("A", OCT, 3, 3, "3.333333", "mean"), // (3 + 3 + 4) / 3 = 3.3333333...
            account("B", OCT, 3, 3, "-3.333333", "mean"), // (-5 - 5 + 0) / 3 = -3.3333333...
            account("C", OCT, 2, 2, "0.000001", "mean"), // 0.000001 / 2 = 0.0000005: tie, up
            account("D", OCT, 2, 2, "-0.000001", "mean"), // -0.0000005: tie, away from zero
            account("E", OCT, 3, 3, "6.666667", "mean"), // 20 / 3 = 6.6666666... rounds up
            account(null, OCT, 1, 2, "9.000000", "mean")), // 9 / 1
        AccountRollup.combine(customers, members, Rollup.MEAN));
  }

  @Test
  void accountsAreNormalizedAndTieredAmongThePeriodsAccountsOnly() {
    Dataset<Row> sums =
        df(
            ACCOUNT_SUMS,
            account("A", OCT, 2, 5, "-20", "sum"),
            account("B", OCT, 3, 9, "60", "sum"),
            account("C", OCT, 1, 7, "140", "sum"),
            // Unassigned customers: not an account, so neither scored nor part of min/max.
            account(null, OCT, 4, 4, "1000", "sum"),
            account("A", NOV, 1, 1, "3", "sum"));

    Dataset<Row> scored =
        score(
            sums,
            // A segment column, if any, does not apply to accounts.
            new Normalization(
                Normalization.Method.MINMAX,
                BigDecimal.ZERO,
                new BigDecimal("100"),
                Optional.empty(),
                Optional.of("plan")),
            TierRules.parse(
                "[{name = at_risk, below = 0}, {name = disengaged, max = 40}, {name = somewhat_engaged, max = 70}, {name = engaged, max = 100}, {name = power_user}]"),
            false);

    // October: min -20, max 140 (not 1000), span 160. B: 80 / 160 x 100 = 50.00.
    // November: one account, so the top of the range.
    assertThat(
            scored
                .select(
                    Columns.ACCOUNT_ID,
                    Columns.PERIOD_START,
                    Columns.NORMALIZED_SCORE,
                    Columns.TIER)
                .orderBy(Columns.PERIOD_START, Columns.ACCOUNT_ID)
                .collectAsList()
                .stream()
                .map(Row::toString)
                .toList())
        .containsExactly(
            "[A,2026-10-01,0.00,at_risk]",
            "[B,2026-10-01,50.00,somewhat_engaged]",
            "[C,2026-10-01,100.00,power_user]",
            "[A,2026-11-01,100.00,disengaged]");
  }

  @Test
  void accountsTakeZScoresAmongThePeriodsAccounts() {
    Dataset<Row> sums =
        df(
            ACCOUNT_SUMS,
            account("A", OCT, 2, 5, "-20", "sum"),
            account("B", OCT, 3, 9, "60", "sum"),
            account("C", OCT, 1, 7, "140", "sum"),
            account(null, OCT, 4, 4, "1000", "sum"),
            account("A", NOV, 1, 1, "3", "sum"));

    Dataset<Row> scored =
        score(
            sums,
            new Normalization(
                Normalization.Method.ZSCORE,
                BigDecimal.ZERO,
                new BigDecimal("100"),
                Optional.empty(),
                Optional.of("plan")),
            TierRules.parse(
                "[{name = at_risk, below = -1}, {name = typical, max = 1}, {name = standout}]"),
            true);

    // October, without the unassigned 1000: mean (-20 + 60 + 140) / 3 = 60, deviations -80, 0,
    // 80, variance 12800 / 3 = 4266.67, sd 65.3197..: -80 / 65.3197 = -1.2247.. -> -1.22.
    // November: one account, sd 0, so 0 (typical).
    assertThat(
            scored
                .select(
                    Columns.ACCOUNT_ID,
                    Columns.PERIOD_START,
                    Columns.NORMALIZED_SCORE,
                    Columns.TIER)
                .orderBy(Columns.PERIOD_START, Columns.ACCOUNT_ID)
                .collectAsList()
                .stream()
                .map(Row::toString)
                .toList())
        .containsExactly(
            "[A,2026-10-01,-1.22,at_risk]",
            "[B,2026-10-01,0.00,typical]",
            "[C,2026-10-01,1.22,standout]",
            "[A,2026-11-01,0.00,typical]");
  }

  private static Dataset<Row> score(
      Dataset<Row> sums, Normalization normalization, TierRules tiers, boolean onNormalized) {
    return AccountRollup.score(
        sums,
        new ScoreRules(
            normalization, tiers, onNormalized, Categories.OFF, OptionalInt.empty(), Map.of()));
  }
}
