package dev.engagement.score.feature.aggregate;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.JobTestBase;
import dev.engagement.score.ScoreJob;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.run.RunSummary;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The daily aggregate through the whole job: a daily run equals a full recompute. */
class DailyAggregateJobTest extends JobTestBase {
  private RunSummary rolling7(String endDay, String outputPath, Map<String, String> extra) {
    Map<String, String> all = new HashMap<>(extra);
    all.put("period", "rolling");
    all.put("window_days", "7");
    all.put("output.path", outputPath);
    JobSettings s = settings(all);
    return ScoreJob.run(spark(), s, List.of(s.calendar().containing(LocalDate.parse(endDay))));
  }

  @Test
  void aDailyRunFromTheAggregateEqualsAFullRecomputeAndReadsOnlyTheNewDay() throws IOException {
    Path copy = ownEvents();
    String aggregate = dir.resolve("daily").toString();
    String incremental = dir.resolve("incremental").toString();
    // Full recompute of the window Oct 14..20, without an aggregate.
    rolling7("2026-10-20", output, Map.of());
    // Yesterday's daily run: Oct 13..19, all read and stored (they are long settled).
    rolling7("2026-10-19", incremental, Map.of("aggregate.path", aggregate));
    // Today's run needs Oct 14..19 from the aggregate and Oct 20 (partitions Oct 19..21) from
    // the events: with the older partitions gone (from this test's copy of them, which every
    // run reads: stored days are kept under a hash of the events' path) it still scores the
    // whole window.
    try (Stream<Path> days = Files.list(copy)) {
      for (Path day :
          days.filter(p -> p.getFileName().toString().compareTo("event_date=2026-10-19") < 0)
              .toList()) {
        try (Stream<Path> files = Files.walk(day)) {
          files
              .sorted(java.util.Comparator.reverseOrder())
              .map(Path::toFile)
              .forEach(java.io.File::delete);
        }
      }
    }
    RunSummary summary = rolling7("2026-10-20", incremental, Map.of("aggregate.path", aggregate));

    // By hand: Oct 14..20 holds 7 of c145's daily logins and its upgrade (7 + 50 = 57, 8 events)
    // and 7 of c40's logins (7): normalized 100.00 and 0.00.
    Object[][] expected = {
      {
        "c145",
        "rolling_7d",
        Date.valueOf("2026-10-14"),
        Date.valueOf("2026-10-20"),
        8L,
        new BigDecimal("57.000000"),
        new BigDecimal("100.00"),
        "somewhat_engaged"
      },
      {
        "c40",
        "rolling_7d",
        Date.valueOf("2026-10-14"),
        Date.valueOf("2026-10-20"),
        7L,
        new BigDecimal("7.000000"),
        new BigDecimal("0.00"),
        "disengaged"
      }
    };
    assertDataFrameNoOrderEquals(df(SCORES, expected), businessColumns(table()));
    assertDataFrameNoOrderEquals(
        businessColumns(table()),
        businessColumns(
            spark()
                .read()
                .format("delta")
                .load(incremental)
                .filter(col("period_start").equalTo(Date.valueOf("2026-10-14")))));
    assertThat(summary.rowsIn()).isEqualTo(15);
    // Oct 13..20 are stored now: one marker row per day.
    assertThat(
            spark()
                .read()
                .format("delta")
                .load(aggregate)
                .filter(col("event_count").equalTo(0))
                .count())
        .isEqualTo(8);
  }
}
