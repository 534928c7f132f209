package dev.engagement.score.feature.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.feature.aggregate.DailyAggregate.Plan;
import dev.engagement.score.model.DateSpan;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class DailyAggregatePlanTest {
  private static LocalDate d(String day) {
    return LocalDate.parse(day);
  }

  private static DateSpan span(String first, String last) {
    return new DateSpan(d(first), d(last));
  }

  private static Set<LocalDate> stored(String first, String last) {
    return d(first).datesUntil(d(last).plusDays(1)).collect(Collectors.toSet());
  }

  @Test
  void aDailyRollingRunReusesTheStoredDaysAndReadsAndStoresOnlyTheNewOne() {
    // Run on Nov 25 for the window ending Nov 24; Oct 26..Nov 22 stored by earlier runs.
    Plan plan =
        Plan.of(
            span("2026-10-26", "2026-11-24"),
            stored("2026-10-20", "2026-11-22"),
            d("2026-11-25"),
            0);
    assertThat(plan.reuse()).contains(span("2026-10-26", "2026-11-22"));
    assertThat(plan.read()).isEqualTo(span("2026-11-23", "2026-11-24"));
    assertThat(plan.store()).contains(span("2026-11-23", "2026-11-24"));
  }

  @Test
  void recentDaysAreReadAgainAndNotStoredForLateData() {
    Plan plan =
        Plan.of(
            span("2026-10-26", "2026-11-24"),
            stored("2026-10-26", "2026-11-23"),
            d("2026-11-25"),
            1);
    assertThat(plan.read()).isEqualTo(span("2026-11-24", "2026-11-24"));
    // With 1 reread day, Nov 24 is settled only from Nov 26 on.
    assertThat(plan.store()).isEmpty();
  }

  @Test
  void aMonthToDateRunStoresNothingThatHasNotEnded() {
    Plan plan =
        Plan.of(
            span("2026-11-01", "2026-11-30"),
            stored("2026-11-01", "2026-11-22"),
            d("2026-11-25"),
            1);
    assertThat(plan.reuse()).contains(span("2026-11-01", "2026-11-22"));
    assertThat(plan.read()).isEqualTo(span("2026-11-23", "2026-11-30"));
    assertThat(plan.store()).contains(span("2026-11-23", "2026-11-23"));
  }

  @Test
  void aGapMeansEverythingFromTheGapOnIsReadAgain() {
    Set<LocalDate> days = stored("2026-10-01", "2026-10-31");
    days.remove(d("2026-10-10"));
    Plan plan = Plan.of(span("2026-10-01", "2026-10-31"), days, d("2026-11-25"), 1);
    assertThat(plan.reuse()).contains(span("2026-10-01", "2026-10-09"));
    assertThat(plan.read()).isEqualTo(span("2026-10-10", "2026-10-31"));
    assertThat(plan.store()).contains(span("2026-10-10", "2026-10-31"));
  }

  @Test
  void withNothingStoredEverythingIsReadAndTheLastDayIsAlwaysRead() {
    Plan none = Plan.of(span("2026-10-01", "2026-10-31"), Set.of(), d("2026-11-25"), 1);
    assertThat(none.reuse()).isEmpty();
    assertThat(none.read()).isEqualTo(span("2026-10-01", "2026-10-31"));
    Plan all =
        Plan.of(
            span("2026-10-01", "2026-10-31"),
            stored("2026-10-01", "2026-10-31"),
            d("2026-11-25"),
            1);
    assertThat(all.reuse()).isEqualTo(Optional.of(span("2026-10-01", "2026-10-30")));
    assertThat(all.read()).isEqualTo(span("2026-10-31", "2026-10-31"));
  }
}
