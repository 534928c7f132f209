package dev.engagement.score.period;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/** The first and last day (inclusive) covered by a list of periods. */
public record DateSpan(LocalDate first, LocalDate last) {
  public static DateSpan of(List<Period> periods) {
    if (periods.isEmpty()) {
      throw new IllegalArgumentException("no periods");
    }
    return new DateSpan(
        periods.stream().map(Period::start).min(Comparator.naturalOrder()).orElseThrow(),
        periods.stream().map(Period::end).max(Comparator.naturalOrder()).orElseThrow());
  }
}
