package dev.engagement.score.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.core.scoring.InputStats;
import dev.engagement.score.model.Period;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What the console says of a run in words: its input and its last line. */
@Tag("fast")
class ConsoleTextTest {
  private static final Period OCTOBER =
      new Period("month", LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-31"));
  private static final Period NOVEMBER =
      new Period("month", LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30"));

  private static InputStats stats(long in, Map<String, Long> rejected, Map<String, Long> unknown) {
    Map<String, Long> byReason = new LinkedHashMap<>();
    byReason.put("missing_event_time", 0L);
    byReason.putAll(rejected);
    return new InputStats(in, byReason, List.of(), unknown, 0);
  }

  private static RunSummary summary(
      String status, List<Period> periods, long rows, InputStats input) {
    return new RunSummary(
        "r1",
        status,
        "month",
        periods,
        input,
        Map.of(),
        rows,
        "file:/data/scores",
        3,
        "c",
        "w",
        List.of(),
        List.of(),
        12_345,
        List.of());
  }

  @Test
  void inputStatisticsInWordsListTheReasonsMostFirstWithTheUnknownTypes() {
    InputStats example =
        stats(
            1230,
            Map.of("missing_customer_id", 1L, "unknown_event_type", 21L, "duplicate_event_id", 3L),
            Map.of("legacy_page_view", 21L));
    assertThat(example.describe())
        .isEqualTo(
            "1,230 events read, 1,205 scored, 25 rejected (unknown_event_type 21:"
                + " legacy_page_view 21; duplicate_event_id 3; missing_customer_id 1)");
    assertThat(stats(5, Map.of(), Map.of()).describe())
        .isEqualTo("5 events read, 5 scored, 0 rejected");
  }

  @Test
  void theLastLineSaysWhatWasPublishedWhereAndHowLongItTook() {
    InputStats clean = stats(1230, Map.of(), Map.of());
    assertThat(summary("ok", List.of(OCTOBER), 41, clean).plainText())
        .isEqualTo(
            "engagement-score: ok, 41 rows scored for month 2026-10-01..2026-10-31 into"
                + " file:/data/scores (version 3) in 12.3 s; 1,230 events read, 1,230 scored, 0"
                + " rejected");
    assertThat(summary("ok", List.of(OCTOBER, NOVEMBER), 82, clean).plainText())
        .contains("82 rows scored for month 2 periods 2026-10-01..2026-11-30 into");
    assertThat(summary("skipped", List.of(OCTOBER), 0, stats(0, Map.of(), Map.of())).plainText())
        .isEqualTo(
            "engagement-score: skipped, nothing published for month 2026-10-01..2026-10-31,"
                + " file:/data/scores stays at version 3 in 12.3 s; 0 events read, 0 scored, 0"
                + " rejected");
  }
}
