package dev.engagement.score.core.scoring;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.TestSchemas;
import dev.engagement.score.core.events.DayAssigner;
import dev.engagement.score.core.events.RejectReason;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.DateSpan;
import dev.engagement.score.model.Period;
import dev.engagement.score.model.PeriodCalendar;
import dev.engagement.score.model.PeriodKind;
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

/** Events through {@link DayAssigner} then {@link PeriodAssigner}, as the job chains them. */
class PeriodAssignerTest extends SparkTestBase {
  private static final StructType EVENTS =
      TestSchemas.EVENTS.add(Columns.REJECT_REASON, DataTypes.StringType);
  private static final StructType ASSIGNED =
      EVENTS
          .add(Columns.PERIOD_KIND, DataTypes.StringType)
          .add(Columns.PERIOD_START, DataTypes.DateType)
          .add(Columns.PERIOD_END, DataTypes.DateType);

  private static Object[] event(String customer, String instant) {
    return new Object[] {customer, "login", Timestamp.from(Instant.parse(instant)), null};
  }

  private static Object[] assigned(
      String customer, String instant, String kind, String start, String end) {
    return new Object[] {
      customer,
      "login",
      Timestamp.from(Instant.parse(instant)),
      null,
      kind,
      Date.valueOf(start),
      Date.valueOf(end)
    };
  }

  private Dataset<Row> assign(
      Dataset<Row> events, PeriodKind kind, int window, String from, String to, String zone) {
    List<Period> periods =
        new PeriodCalendar(kind, window).overlapping(LocalDate.parse(from), LocalDate.parse(to));
    Dataset<Row> dated = DayAssigner.assign(events, DateSpan.of(periods), ZoneId.of(zone));
    return PeriodAssigner.assign(dated, periods);
  }

  @Test
  void anEventAt20hUtcOnOctober31IsInNovemberInTokyo() {
    Dataset<Row> events = df(EVENTS, event("c1", "2026-10-31T20:00:00Z"));
    assertDataFrameNoOrderEquals(
        df(ASSIGNED, assigned("c1", "2026-10-31T20:00:00Z", "month", "2026-11-01", "2026-11-30")),
        assign(events, PeriodKind.MONTH, 30, "2026-10-01", "2026-11-30", "Asia/Tokyo"));
    assertDataFrameNoOrderEquals(
        df(ASSIGNED, assigned("c1", "2026-10-31T20:00:00Z", "month", "2026-10-01", "2026-10-31")),
        assign(events, PeriodKind.MONTH, 30, "2026-10-01", "2026-11-30", "UTC"));
  }

  @Test
  void localMidnightIsTheBoundaryAcrossDaylightSavingTime() {
    // New York leaves DST on 2026-11-01: 03:59Z is 23:59 EDT on Oct 31, 05:00Z is 00:00 EST Nov 1.
    Dataset<Row> events =
        df(
            EVENTS,
            event("c1", "2026-11-01T03:59:59Z"),
            event("c2", "2026-11-01T04:00:00Z"),
            event("c3", "2026-11-01T05:00:00Z"));
    assertDataFrameNoOrderEquals(
        df(
            ASSIGNED,
            assigned("c1", "2026-11-01T03:59:59Z", "day", "2026-10-31", "2026-10-31"),
            assigned("c2", "2026-11-01T04:00:00Z", "day", "2026-11-01", "2026-11-01"),
            assigned("c3", "2026-11-01T05:00:00Z", "day", "2026-11-01", "2026-11-01")),
        assign(events, PeriodKind.DAY, 30, "2026-10-31", "2026-11-01", "America/New_York"));
  }

  @Test
  void rollingWindowIncludesBothEdgeDaysAndNothingOutside() {
    Dataset<Row> events =
        df(
            EVENTS,
            event("before", "2026-10-01T23:59:59Z"),
            event("first", "2026-10-02T00:00:00Z"),
            event("last", "2026-10-31T23:59:59Z"),
            event("after", "2026-11-01T00:00:00Z"));
    assertDataFrameNoOrderEquals(
        df(
            ASSIGNED,
            assigned("first", "2026-10-02T00:00:00Z", "rolling_30d", "2026-10-02", "2026-10-31"),
            assigned("last", "2026-10-31T23:59:59Z", "rolling_30d", "2026-10-02", "2026-10-31")),
        assign(events, PeriodKind.ROLLING, 30, "2026-10-31", "2026-10-31", "UTC"));
  }

  @Test
  void anEventBelongsToEveryRollingWindowThatCoversIt() {
    Dataset<Row> events = df(EVENTS, event("c1", "2026-10-30T12:00:00Z"));
    assertDataFrameNoOrderEquals(
        df(
            ASSIGNED,
            assigned("c1", "2026-10-30T12:00:00Z", "rolling_2d", "2026-10-29", "2026-10-30"),
            assigned("c1", "2026-10-30T12:00:00Z", "rolling_2d", "2026-10-30", "2026-10-31")),
        assign(events, PeriodKind.ROLLING, 2, "2026-10-29", "2026-11-01", "UTC"));
  }

  @Test
  void isoWeekSpansTheYearBoundary() {
    Dataset<Row> events =
        df(
            EVENTS,
            event("c1", "2026-12-31T10:00:00Z"),
            event("c2", "2027-01-03T23:00:00Z"),
            event("c3", "2027-01-04T00:00:00Z"));
    assertDataFrameNoOrderEquals(
        df(
            ASSIGNED,
            assigned("c1", "2026-12-31T10:00:00Z", "week", "2026-12-28", "2027-01-03"),
            assigned("c2", "2027-01-03T23:00:00Z", "week", "2026-12-28", "2027-01-03"),
            assigned("c3", "2027-01-04T00:00:00Z", "week", "2027-01-04", "2027-01-10")),
        assign(events, PeriodKind.WEEK, 30, "2027-01-01", "2027-01-04", "UTC"));
  }

  @Test
  void eventsRejectedForTheirTimeAreKeptWithoutAPeriodSoTheyCanBeCounted() {
    Dataset<Row> events =
        df(
            EVENTS,
            new Object[] {"c1", "login", null, RejectReason.MISSING_EVENT_TIME},
            new Object[] {
              "c2",
              "login",
              Timestamp.from(Instant.parse("1970-01-01T00:00:00Z")),
              RejectReason.EVENT_TIME_OUT_OF_RANGE
            },
            event("c3", "2026-10-05T00:00:00Z"));
    assertDataFrameNoOrderEquals(
        df(
            ASSIGNED,
            new Object[] {"c1", "login", null, RejectReason.MISSING_EVENT_TIME, null, null, null},
            new Object[] {
              "c2",
              "login",
              Timestamp.from(Instant.parse("1970-01-01T00:00:00Z")),
              RejectReason.EVENT_TIME_OUT_OF_RANGE,
              null,
              null,
              null
            },
            assigned("c3", "2026-10-05T00:00:00Z", "month", "2026-10-01", "2026-10-31")),
        assign(events, PeriodKind.MONTH, 30, "2026-10-01", "2026-10-31", "UTC"));
  }
}
