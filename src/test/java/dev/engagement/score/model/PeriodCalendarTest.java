package dev.engagement.score.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class PeriodCalendarTest {
  private static LocalDate d(String s) {
    return LocalDate.parse(s);
  }

  private static Period p(String kind, String start, String end) {
    return new Period(kind, d(start), d(end));
  }

  @Test
  void dayIsTheDateItself() {
    assertThat(new PeriodCalendar(PeriodKind.DAY, 30).containing(d("2026-10-31")))
        .isEqualTo(p("day", "2026-10-31", "2026-10-31"));
  }

  @Test
  void isoWeekRunsMondayToSundayAcrossTheYearBoundary() {
    PeriodCalendar weeks = new PeriodCalendar(PeriodKind.WEEK, 30);
    // 2026-01-01 is a Thursday: ISO week 2026-W01 starts Monday 2025-12-29.
    assertThat(weeks.containing(d("2026-01-01"))).isEqualTo(p("week", "2025-12-29", "2026-01-04"));
    // 2027-01-01 is a Friday: still ISO week 2026-W53 (2026-12-28 .. 2027-01-03).
    assertThat(weeks.containing(d("2027-01-01"))).isEqualTo(p("week", "2026-12-28", "2027-01-03"));
    // A Monday starts its own week, a Sunday ends it.
    assertThat(weeks.containing(d("2026-11-23"))).isEqualTo(p("week", "2026-11-23", "2026-11-29"));
    assertThat(weeks.containing(d("2026-11-29"))).isEqualTo(p("week", "2026-11-23", "2026-11-29"));
  }

  @Test
  void monthAndQuarterFollowTheCalendarIncludingLeapDays() {
    PeriodCalendar months = new PeriodCalendar(PeriodKind.MONTH, 30);
    assertThat(months.containing(d("2026-02-14")))
        .isEqualTo(p("month", "2026-02-01", "2026-02-28"));
    assertThat(months.containing(d("2028-02-29")))
        .isEqualTo(p("month", "2028-02-01", "2028-02-29"));
    PeriodCalendar quarters = new PeriodCalendar(PeriodKind.QUARTER, 30);
    assertThat(quarters.containing(d("2026-11-25")))
        .isEqualTo(p("quarter", "2026-10-01", "2026-12-31"));
    assertThat(quarters.containing(d("2026-03-31")))
        .isEqualTo(p("quarter", "2026-01-01", "2026-03-31"));
    assertThat(quarters.containing(d("2026-04-01")))
        .isEqualTo(p("quarter", "2026-04-01", "2026-06-30"));
  }

  @Test
  void rollingWindowEndsOnTheRunDateInclusive() {
    // A 30-day window ending 2026-10-31 starts 2026-10-02.
    assertThat(new PeriodCalendar(PeriodKind.ROLLING, 30).containing(d("2026-10-31")))
        .isEqualTo(p("rolling_30d", "2026-10-02", "2026-10-31"));
    assertThat(new PeriodCalendar(PeriodKind.ROLLING, 1).containing(d("2026-03-01")))
        .isEqualTo(p("rolling_1d", "2026-03-01", "2026-03-01"));
    // Across a leap day: 2028-02-29 is one of the 7 days.
    assertThat(new PeriodCalendar(PeriodKind.ROLLING, 7).containing(d("2028-03-02")))
        .isEqualTo(p("rolling_7d", "2028-02-25", "2028-03-02"));
  }

  @Test
  void rangeGivesEveryPeriodOverlappingIt() {
    assertThat(
            new PeriodCalendar(PeriodKind.MONTH, 30).overlapping(d("2026-01-15"), d("2026-03-02")))
        .containsExactly(
            p("month", "2026-01-01", "2026-01-31"),
            p("month", "2026-02-01", "2026-02-28"),
            p("month", "2026-03-01", "2026-03-31"));
    assertThat(
            new PeriodCalendar(PeriodKind.WEEK, 30).overlapping(d("2026-12-31"), d("2027-01-04")))
        .containsExactly(
            p("week", "2026-12-28", "2027-01-03"), p("week", "2027-01-04", "2027-01-10"));
    assertThat(
            new PeriodCalendar(PeriodKind.ROLLING, 7).overlapping(d("2026-10-30"), d("2026-11-01")))
        .containsExactly(
            p("rolling_7d", "2026-10-24", "2026-10-30"),
            p("rolling_7d", "2026-10-25", "2026-10-31"),
            p("rolling_7d", "2026-10-26", "2026-11-01"));
    assertThat(new PeriodCalendar(PeriodKind.DAY, 30).overlapping(d("2026-10-31"), d("2026-10-31")))
        .containsExactly(p("day", "2026-10-31", "2026-10-31"));
  }

  @Test
  void thePreviousPeriodEndsTheDayBeforeThisOneStarts() {
    assertThat(
            new PeriodCalendar(PeriodKind.MONTH, 30)
                .previous(p("month", "2026-03-01", "2026-03-31")))
        .isEqualTo(p("month", "2026-02-01", "2026-02-28"));
    assertThat(
            new PeriodCalendar(PeriodKind.WEEK, 30).previous(p("week", "2026-01-05", "2026-01-11")))
        .isEqualTo(p("week", "2025-12-29", "2026-01-04"));
    assertThat(
            new PeriodCalendar(PeriodKind.QUARTER, 30)
                .previous(p("quarter", "2026-01-01", "2026-03-31")))
        .isEqualTo(p("quarter", "2025-10-01", "2025-12-31"));
    // The 30 days ending 2026-10-31 start 2026-10-02; the 30 before end 2026-10-01.
    assertThat(
            new PeriodCalendar(PeriodKind.ROLLING, 30)
                .previous(p("rolling_30d", "2026-10-02", "2026-10-31")))
        .isEqualTo(p("rolling_30d", "2026-09-02", "2026-10-01"));
  }
}
