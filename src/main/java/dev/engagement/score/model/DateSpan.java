package dev.engagement.score.model;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/** A range of days, first and last inclusive: e.g. the days covered by a list of periods. */
public record DateSpan(LocalDate first, LocalDate last) {
  public static DateSpan of(List<Period> periods) {
    if (periods.isEmpty()) {
      throw new IllegalArgumentException("no periods");
    }
    return new DateSpan(
        periods.stream().map(Period::start).min(Comparator.naturalOrder()).orElseThrow(),
        periods.stream().map(Period::end).max(Comparator.naturalOrder()).orElseThrow());
  }

  /** {@code 2026-10-01..2026-10-31}. */
  @Override
  public String toString() {
    return first + ".." + last;
  }
}
