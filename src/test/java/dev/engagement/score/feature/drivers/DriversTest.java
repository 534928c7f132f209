package dev.engagement.score.feature.drivers;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.core.scoring.History;
import dev.engagement.score.feature.breakdown.BreakdownRows;
import dev.engagement.score.model.Columns;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class DriversTest extends SparkTestBase {
  private static final Date AUG = Date.valueOf("2026-08-01");
  private static final Date SEP = Date.valueOf("2026-09-01");
  private static final Date OCT = Date.valueOf("2026-10-01");

  /** {@link Drivers#compare}'s columns: the drivers table's up to rank. */
  private static final StructType COMPARED =
      new StructType()
          .add(Columns.CUSTOMER_ID, DataTypes.StringType)
          .add(Columns.PERIOD_KIND, DataTypes.StringType)
          .add(Columns.PERIOD_START, DataTypes.DateType)
          .add(Columns.PERIOD_END, DataTypes.DateType)
          .add(Columns.EVENT_TYPE, DataTypes.StringType)
          .add(DriverRows.PREVIOUS_CONTRIBUTION, Columns.RAW_SCORE_TYPE)
          .add(DriverRows.CURRENT_CONTRIBUTION, Columns.RAW_SCORE_TYPE, false)
          .add(DriverRows.CHANGE, Columns.RAW_SCORE_TYPE)
          .add(DriverRows.RANK, DataTypes.IntegerType);

  private static final StructType TOP =
      new StructType()
          .add(Columns.CUSTOMER_ID, DataTypes.StringType)
          .add(Columns.PERIOD_KIND, DataTypes.StringType)
          .add(Columns.PERIOD_START, DataTypes.DateType)
          .add(DriverRows.TOP_DRIVERS, DataTypes.StringType);

  private static BigDecimal d(String value) {
    return value == null ? null : new BigDecimal(value);
  }

  /** The last day of the month that starts on {@code start}. */
  private static Date end(Date start) {
    return Date.valueOf(start.toLocalDate().plusMonths(1).minusDays(1));
  }

  /** A breakdown row: {@code contribution} is weight x count, worked out by hand. */
  private static Object[] breakdown(
      String customer, Date start, String type, long count, String weight, String contribution) {
    return new Object[] {
      customer,
      "month",
      start,
      end(start),
      type,
      count,
      count,
      d(weight),
      d(contribution),
      null,
      "earlier-run"
    };
  }

  /** A stored row of the drivers table: only its current contribution is compared with. */
  private static Object[] stored(String customer, Date start, String type, String contribution) {
    return new Object[] {
      customer, "month", start, end(start), type, null, d(contribution), null, null, null, "r0"
    };
  }

  private static Object[] driver(
      String customer,
      Date start,
      String type,
      String previous,
      String current,
      String change,
      Integer rank) {
    return new Object[] {
      customer, "month", start, end(start), type, d(previous), d(current), d(change), rank
    };
  }

  private static Object[] top(String customer, Date start, String text) {
    return new Object[] {customer, "month", start, text};
  }

  private static final Object[] OCT_AFTER_SEP = {"month", OCT, SEP};

  /**
   * The doc's example (docs/drivers.md), weights login 1, feature_used 2.5, support_ticket_opened
   * -8, report_exported 3, team_member_added 10. September (stored): login 30 x 1 = 30,
   * feature_used 8 x 2.5 = 20, report_exported 2 x 3 = 6, team_member_added 1 x 10 = 10 (raw 66).
   */
  private static final Object[][] ACME_SEPTEMBER = {
    stored("acme", SEP, "login", "30"),
    stored("acme", SEP, "feature_used", "20"),
    stored("acme", SEP, "report_exported", "6"),
    stored("acme", SEP, "team_member_added", "10"),
  };

  /**
   * October: login 24 x 1 = 24, feature_used 7 x 2.5 = 17.5, support_ticket_opened 3 x -8 = -24,
   * team_member_added 1 x 10 = 10 (raw 27.5).
   */
  private static final Object[][] ACME_OCTOBER = {
    breakdown("acme", OCT, "login", 24, "1", "24"),
    breakdown("acme", OCT, "feature_used", 7, "2.5", "17.5"),
    breakdown("acme", OCT, "support_ticket_opened", 3, "-8", "-24"),
    breakdown("acme", OCT, "team_member_added", 1, "10", "10"),
  };

  /** Compares this run's breakdown rows with the stored drivers rows and with each other. */
  private Dataset<Row> compare(Object[][] stored, Object[][] current, Object[]... previous) {
    Dataset<Row> rows = df(BreakdownRows.SCHEMA, current);
    return Drivers.compare(
        rows,
        Drivers.history(df(DriverRows.SCHEMA, stored), rows),
        df(History.PREVIOUS_PERIODS, previous));
  }

  @Test
  void explainsTheDocExample() {
    // Changes (current - previous): login 24 - 30 = -6; feature_used 17.5 - 20 = -2.5;
    // support_ticket_opened -24 - 0 = -24 (only now); report_exported 0 - 6 = -6 (only before);
    // team_member_added 10 - 10 = 0. They add up to 27.5 - 66 = -38.5.
    // By |change|: 24 (1), then 6 twice: login before report_exported (2, 3), 2.5 (4), 0 (5).
    Dataset<Row> drivers = compare(ACME_SEPTEMBER, ACME_OCTOBER, OCT_AFTER_SEP);

    assertDataFrameNoOrderEquals(
        df(
            COMPARED,
            driver("acme", OCT, "support_ticket_opened", "0", "-24", "-24", 1),
            driver("acme", OCT, "login", "30", "24", "-6", 2),
            driver("acme", OCT, "report_exported", "6", "0", "-6", 3),
            driver("acme", OCT, "feature_used", "20", "17.5", "-2.5", 4),
            driver("acme", OCT, "team_member_added", "10", "10", "0", 5)),
        drivers);
    assertDataFrameNoOrderEquals(
        df(
            TOP,
            top(
                "acme",
                OCT,
                "support_ticket_opened -24.000000, login -6.000000, report_exported -6.000000")),
        Drivers.top(drivers, 3));
  }

  @Test
  void aCustomerAbsentFromAKnownPreviousPeriodHadZeroOfEveryType() {
    // September is known (acme has rows): bolt, absent from it, had 0 of every type.
    // acme: support_ticket_opened 2 x -8 = -16 -> 1 x -8 = -8: change -8 - (-16) = +8 (rank 1);
    // login 10 -> 10: change 0 (rank 2).
    // bolt: support_ticket_opened 0 -> 2 x -8 = -16 (rank 1, |-16| > |5|); login 0 -> 5 x 1 = 5.
    Object[][] september = {
      stored("acme", SEP, "support_ticket_opened", "-16"), stored("acme", SEP, "login", "10"),
    };
    Object[][] october = {
      breakdown("acme", OCT, "support_ticket_opened", 1, "-8", "-8"),
      breakdown("acme", OCT, "login", 10, "1", "10"),
      breakdown("bolt", OCT, "support_ticket_opened", 2, "-8", "-16"),
      breakdown("bolt", OCT, "login", 5, "1", "5"),
    };

    Dataset<Row> drivers = compare(september, october, OCT_AFTER_SEP);

    assertDataFrameNoOrderEquals(
        df(
            COMPARED,
            driver("acme", OCT, "support_ticket_opened", "-16", "-8", "8", 1),
            driver("acme", OCT, "login", "10", "10", "0", 2),
            driver("bolt", OCT, "support_ticket_opened", "0", "-16", "-16", 1),
            driver("bolt", OCT, "login", "0", "5", "5", 2)),
        drivers);
    // n = 3 with fewer changes: acme's login did not change and is left out.
    assertDataFrameNoOrderEquals(
        df(
            TOP,
            top("acme", OCT, "support_ticket_opened 8.000000"),
            top("bolt", OCT, "support_ticket_opened -16.000000, login 5.000000")),
        Drivers.top(drivers, 3));
  }

  @Test
  void tiesGoToTheFirstEventTypeWhateverTheSign() {
    // September is known through cid's row of 'other' (unchanged); the other types are new.
    // Changes: big +7, alpha -5, mid +5, zeta +5, other 0.
    // |change|: 7 (big 1); 5 three times by name: alpha 2, mid 3, zeta 4; 0 (other 5).
    Object[][] september = {stored("cid", SEP, "other", "1")};
    Object[][] october = {
      breakdown("cid", OCT, "zeta", 5, "1", "5"),
      breakdown("cid", OCT, "mid", 1, "5", "5"),
      breakdown("cid", OCT, "alpha", 1, "-5", "-5"),
      breakdown("cid", OCT, "big", 7, "1", "7"),
      breakdown("cid", OCT, "other", 1, "1", "1"),
    };

    Dataset<Row> drivers = compare(september, october, OCT_AFTER_SEP);

    assertDataFrameNoOrderEquals(
        df(
            COMPARED,
            driver("cid", OCT, "big", "0", "7", "7", 1),
            driver("cid", OCT, "alpha", "0", "-5", "-5", 2),
            driver("cid", OCT, "mid", "0", "5", "5", 3),
            driver("cid", OCT, "zeta", "0", "5", "5", 4),
            driver("cid", OCT, "other", "1", "1", "0", 5)),
        drivers);
    // The top 3 of 4 changes: zeta, fourth, is left out.
    assertDataFrameNoOrderEquals(
        df(TOP, top("cid", OCT, "big 7.000000, alpha -5.000000, mid 5.000000")),
        Drivers.top(drivers, 3));
  }

  @Test
  void anUnknownPreviousPeriodLeavesThePreviousTheChangeAndTheRankNull() {
    // No row of month September at all: August's and a week starting on 1 September do not count.
    // page_viewed has weight 0: 12 x 0 = 0 contributes nothing, so it has no row.
    Object[][] stored = {
      stored("acme", AUG, "login", "3"),
      new Object[] {"acme", "week", SEP, SEP, "login", null, d("2"), null, null, null, "r0"},
    };
    Object[][] october = {
      breakdown("acme", OCT, "login", 24, "1", "24"),
      breakdown("acme", OCT, "feature_used", 7, "2.5", "17.5"),
      breakdown("acme", OCT, "page_viewed", 12, "0", "0"),
    };

    Dataset<Row> drivers = compare(stored, october, OCT_AFTER_SEP);

    assertDataFrameNoOrderEquals(
        df(
            COMPARED,
            driver("acme", OCT, "login", null, "24", null, null),
            driver("acme", OCT, "feature_used", null, "17.5", null, null)),
        drivers);
    assertDataFrameNoOrderEquals(df(TOP, top("acme", OCT, null)), Drivers.top(drivers, 3));
  }

  @Test
  void topIsNullWhenNothingChanged() {
    // login 10 -> 10 and feature_used 2 x 2.5 = 5 -> 5: two rows, both with change 0.
    Object[][] september = {
      stored("acme", SEP, "login", "10"), stored("acme", SEP, "feature_used", "5"),
    };
    Object[][] october = {
      breakdown("acme", OCT, "login", 10, "1", "10"),
      breakdown("acme", OCT, "feature_used", 2, "2.5", "5"),
    };

    Dataset<Row> drivers = compare(september, october, OCT_AFTER_SEP);

    assertDataFrameNoOrderEquals(
        df(
            COMPARED,
            driver("acme", OCT, "feature_used", "5", "5", "0", 1),
            driver("acme", OCT, "login", "10", "10", "0", 2)),
        drivers);
    assertDataFrameNoOrderEquals(df(TOP, top("acme", OCT, null)), Drivers.top(drivers, 3));
  }

  @Test
  void aRunOverSeveralPeriodsComparesThemWithEachOther() {
    // Stored: August, with zed only, so August is known. The run scores September and October.
    // September vs August: acme and bolt had 0 of everything. acme login 30 x 1 = 30 (rank 1),
    // feature_used 8 x 2.5 = 20 (rank 2); bolt login 5 x 1 = 5.
    // October vs this run's September: acme login 24 - 30 = -6 (rank 1), feature_used
    // 7 x 2.5 = 17.5 - 20 = -2.5 (rank 2). bolt has no October breakdown: no October rows.
    Object[][] stored = {stored("zed", AUG, "login", "1")};
    Object[][] run = {
      breakdown("acme", SEP, "login", 30, "1", "30"),
      breakdown("acme", SEP, "feature_used", 8, "2.5", "20"),
      breakdown("bolt", SEP, "login", 5, "1", "5"),
      breakdown("acme", OCT, "login", 24, "1", "24"),
      breakdown("acme", OCT, "feature_used", 7, "2.5", "17.5"),
    };

    Dataset<Row> drivers =
        compare(stored, run, new Object[] {"month", SEP, AUG}, new Object[] {"month", OCT, SEP});

    assertDataFrameNoOrderEquals(
        df(
            COMPARED,
            driver("acme", SEP, "login", "0", "30", "30", 1),
            driver("acme", SEP, "feature_used", "0", "20", "20", 2),
            driver("bolt", SEP, "login", "0", "5", "5", 1),
            driver("acme", OCT, "login", "30", "24", "-6", 1),
            driver("acme", OCT, "feature_used", "20", "17.5", "-2.5", 2)),
        drivers);
    // n = 1: the first change only.
    assertDataFrameNoOrderEquals(
        df(
            TOP,
            top("acme", SEP, "login 30.000000"),
            top("bolt", SEP, "login 5.000000"),
            top("acme", OCT, "login -6.000000")),
        Drivers.top(drivers, 1));
  }

  @Test
  void changesAreExactDecimals() {
    // x: 3 x 0.1 = 0.3 -> 1 x 0.1 = 0.1: -0.2 exactly (doubles give -0.19999999999999998).
    // y: 0.000001 -> 0.000003: +0.000002 (plain text, not 2E-6).
    // z: 123456789012.345678 -> 123456789012.345677: -0.000001 (beyond a double's 15-17 digits).
    Object[][] september = {
      stored("acme", SEP, "x", "0.3"),
      stored("acme", SEP, "y", "0.000001"),
      stored("acme", SEP, "z", "123456789012.345678"),
    };
    Object[][] october = {
      breakdown("acme", OCT, "x", 1, "0.1", "0.1"),
      breakdown("acme", OCT, "y", 1, "0.000003", "0.000003"),
      breakdown("acme", OCT, "z", 1, "123456789012.345677", "123456789012.345677"),
    };

    Dataset<Row> drivers = compare(september, october, OCT_AFTER_SEP);

    assertDataFrameNoOrderEquals(
        df(
            COMPARED,
            driver("acme", OCT, "x", "0.300000", "0.100000", "-0.200000", 1),
            driver("acme", OCT, "y", "0.000001", "0.000003", "0.000002", 2),
            driver("acme", OCT, "z", "123456789012.345678", "123456789012.345677", "-0.000001", 3)),
        drivers);
    assertDataFrameNoOrderEquals(
        df(TOP, top("acme", OCT, "x -0.200000, y 0.000002, z -0.000001")), Drivers.top(drivers, 3));
  }

  @Test
  void shapedRowsFitTheTableAndItsConstraints() {
    // The doc example's October (September known) and August, whose previous period (July) is
    // unknown. September is stored, so the run does not score it.
    Object[][] run = Arrays.copyOf(ACME_OCTOBER, ACME_OCTOBER.length + 1);
    run[ACME_OCTOBER.length] = breakdown("acme", AUG, "login", 3, "1", "3");
    Instant scoredAt = Instant.parse("2026-11-01T06:00:00Z");

    Dataset<Row> shaped =
        DriverRows.shape(
            compare(
                ACME_SEPTEMBER,
                run,
                OCT_AFTER_SEP,
                new Object[] {"month", AUG, Date.valueOf("2026-07-01")}),
            scoredAt,
            "run-1");

    assertThat(columns(shaped.schema()))
        .as("the shaped rows' columns")
        .isEqualTo(columns(DriverRows.SCHEMA));
    List<Row> rows = shaped.collectAsList();
    assertThat(rows)
        .as("October's 5 rows and August's login")
        .hasSize(6)
        .allSatisfy(
            r -> {
              assertThat(r.getTimestamp(r.fieldIndex(Columns.SCORED_AT)))
                  .isEqualTo(Timestamp.from(scoredAt));
              assertThat(r.getString(r.fieldIndex(Columns.RUN_ID))).isEqualTo("run-1");
            });
    // A row passes only when its CHECK is true: null counts as broken too, to be safe.
    DriversTable.CONSTRAINTS.forEach(
        (name, check) ->
            assertThat(shaped.where(coalesce(expr(check), lit(false)).equalTo(false)).count())
                .as("rows that break CHECK %s (%s)", name, check)
                .isZero());
  }

  /** "name TYPE" of each column (the table stores every column as nullable). */
  private static List<String> columns(StructType schema) {
    return Arrays.stream(schema.fields()).map(f -> f.name() + " " + f.dataType().sql()).toList();
  }

  @Test
  void topNeedsAtLeastOneDriver() {
    Dataset<Row> drivers = df(COMPARED);

    assertThatThrownBy(() -> Drivers.top(drivers, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The number of top drivers must be at least 1, not 0");
  }
}
