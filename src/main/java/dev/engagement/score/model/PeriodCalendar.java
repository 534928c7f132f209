package dev.engagement.score.model;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/** Which periods of one kind contain a date or overlap a range of dates. */
public final class PeriodCalendar {
  private final PeriodKind kind;
  private final int windowDays;

  /**
   * @param windowDays the rolling window's length in days; ignored by the calendar kinds
   */
  public PeriodCalendar(PeriodKind kind, int windowDays) {
    if (windowDays < 1) {
      throw new IllegalArgumentException("windowDays must be >= 1, got " + windowDays);
    }
    this.kind = kind;
    this.windowDays = windowDays;
  }

  /** The value of the output's {@code period_kind} column. */
  public String label() {
    return kind == PeriodKind.ROLLING ? "rolling_" + windowDays + "d" : kind.configName();
  }

  /** The period containing {@code day}; for rolling windows, the window ending on {@code day}. */
  public Period containing(LocalDate day) {
    LocalDate start =
        switch (kind) {
          case DAY -> day;
          case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
          case MONTH -> day.withDayOfMonth(1);
          case QUARTER -> day.with(IsoFields.DAY_OF_QUARTER, 1);
          case ROLLING -> day.minusDays(windowDays - 1L);
        };
    LocalDate end =
        switch (kind) {
          case DAY, ROLLING -> day;
          case WEEK -> start.plusDays(6);
          case MONTH -> start.plusMonths(1).minusDays(1);
          case QUARTER -> start.plusMonths(3).minusDays(1);
        };
    return new Period(label(), start, end);
  }

  /**
   * The period just before {@code period}: the previous day, week, month or quarter; for a rolling
   * window, the window of the same length that ends where this one starts (no overlap).
   */
  public Period previous(Period period) {
    return containing(period.start().minusDays(1));
  }

  /**
   * Every period overlapping {@code from..to} (inclusive), oldest first. For rolling windows: the
   * window ending on each day of the range.
   */
  public List<Period> overlapping(LocalDate from, LocalDate to) {
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("from " + from + " is after to " + to);
    }
    List<Period> periods = new ArrayList<>();
    if (kind == PeriodKind.ROLLING) {
      for (LocalDate end = from; !end.isAfter(to); end = end.plusDays(1)) {
        periods.add(containing(end));
      }
      return periods;
    }
    for (Period p = containing(from); !p.start().isAfter(to); p = containing(p.end().plusDays(1))) {
      periods.add(p);
    }
    return periods;
  }
}
