package dev.engagement.score.feature.activity;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.core.scoring.History;
import dev.engagement.score.model.Columns;
import java.math.BigDecimal;
import java.sql.Date;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ActivityStatesTest extends SparkTestBase {
  private static final Date AUG = Date.valueOf("2026-08-01");
  private static final Date SEP = Date.valueOf("2026-09-01");
  private static final Date OCT = Date.valueOf("2026-10-01");
  private static final Date NOV = Date.valueOf("2026-11-01");

  /** Scores with their period's own last event day: the history's columns and the count. */
  private static final StructType SCORES =
      History.SCHEMA.add(Columns.EVENT_COUNT, DataTypes.LongType);

  private static final StructType ASSIGNED =
      SCORES
          .add(Columns.DAYS_SINCE_LAST_EVENT, DataTypes.IntegerType)
          .add(Columns.NEVER_ACTIVE, DataTypes.BooleanType, false)
          .add(Columns.ACTIVITY_STATE, DataTypes.StringType, false);

  private static Object[] row(String customer, Date start, String raw, String last, long events) {
    return new Object[] {
      customer,
      "month",
      start,
      new BigDecimal(raw),
      null,
      Date.valueOf(start.toLocalDate().plusMonths(1).minusDays(1)),
      last == null ? null : Date.valueOf(last),
      null, // tier
      events
    };
  }

  private static Object[] stored(String customer, Date start, String last) {
    Object[] r = row(customer, start, "0", last, 0);
    return java.util.Arrays.copyOf(r, r.length - 1);
  }

  private static Object[] assigned(
      String customer,
      Date start,
      String raw,
      String last,
      long events,
      Integer days,
      boolean never,
      String state) {
    Object[] r = row(customer, start, raw, last, events);
    return new Object[] {r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], days, never, state};
  }

  @Test
  void looksBackThroughEarlierPeriodsAndTellsTheStatesApart() {
    var scores =
        df(
            SCORES,
            row("a", OCT, "12", "2026-10-25", 3),
            row("b", OCT, "0", null, 0),
            row("c", OCT, "-5", "2026-10-31", 2),
            row("d", OCT, "0", null, 0),
            // Events of +5 and -5 net to 0: active, not "no events".
            row("e", OCT, "0", "2026-10-01", 4),
            // A run over September and October: October looks back to September's own row.
            row("f", SEP, "1", "2026-09-02", 1),
            row("f", OCT, "0", null, 0));
    var stored =
        df(
            History.SCHEMA,
            stored("a", SEP, "2026-09-20"),
            stored("b", AUG, "2026-08-05"),
            // A period without events carries nothing further back.
            stored("b", SEP, null),
            // A later period is not earlier.
            stored("d", NOV, "2026-11-10"));

    assertDataFrameNoOrderEquals(
        df(
            ASSIGNED,
            // Oct 25 -> Oct 31: 6 days.
            assigned("a", OCT, "12", "2026-10-25", 3, 6, false, "active"),
            // Aug 5 -> Aug 31: 26, + 30 (September) + 31 (October) = 87 days.
            assigned("b", OCT, "0", "2026-08-05", 0, 87, false, "no_events"),
            assigned("c", OCT, "-5", "2026-10-31", 2, 0, false, "net_negative"),
            assigned("d", OCT, "0", null, 0, null, true, "no_events"),
            // Oct 1 -> Oct 31: 30 days.
            assigned("e", OCT, "0", "2026-10-01", 4, 30, false, "active"),
            // Sep 2 -> Sep 30: 28 days; -> Oct 31: 28 + 31 = 59 days.
            assigned("f", SEP, "1", "2026-09-02", 1, 28, false, "active"),
            assigned("f", OCT, "0", "2026-09-02", 0, 59, false, "no_events")),
        ActivityStates.assign(scores, History.of(scores, stored)));
  }
}
