package dev.engagement.score;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.model.JobVersion;
import dev.engagement.score.model.Period;
import dev.engagement.score.model.PeriodCalendar;
import dev.engagement.score.model.PeriodKind;
import dev.engagement.score.run.RunSummary;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The whole job on a small Parquet data set, reading the Delta output back: a month end to end,
 * reruns, backfills, concurrent runs and the preview. The features' own whole-job tests are next to
 * them (feature/NAME/NameJobTest), the table's in core/table, bad input in run/BadInputJobTest.
 */
class ScoreJobTest extends JobTestBase {
  @Test
  void scoresAMonthEndToEnd() {
    RunSummary summary = sharedOctober();

    assertDataFrameNoOrderEquals(octoberScores(), businessColumns(table()));
    // 93 October events: 2 of an unknown type, 1 without a customer, 1 without a time.
    assertThat(summary.rowsIn()).isEqualTo(93);
    assertThat(summary.rejected())
        .containsExactly(
            entry("missing_event_time", 1L),
            entry("event_time_out_of_range", 0L),
            entry("missing_customer_id", 1L),
            entry("customer_id_whitespace", 0L),
            entry("unknown_event_type", 2L),
            entry("duplicate_event_id", 0L),
            entry("inactive_customer", 0L));
    assertThat(summary.rowsScored()).isEqualTo(4);
    // The first run creates the table with October's rows in one commit: a failed run leaves none.
    assertThat(summary.outputVersion()).isZero();
    assertThat(summary.periods())
        .containsExactly(new Period("month", OCT_1.toLocalDate(), OCT_31.toLocalDate()));
    assertThat(summary.toJson())
        .startsWith("{\"run_id\":\"" + summary.runId() + "\",")
        .contains(
            "\"status\":\"ok\",\"period_kind\":\"month\",\"periods\":[\"2026-10-01..2026-10-31\"],"
                + "\"rows_in\":93,\"rows_scored\":4,\"rejected\":{\"missing_event_time\":1,"
                + "\"event_time_out_of_range\":0,\"missing_customer_id\":1,"
                + "\"customer_id_whitespace\":0,\"unknown_event_type\":2,"
                + "\"duplicate_event_id\":0,\"inactive_customer\":0},\"output_path\":\"file:"
                + output
                + "\",\"output_version\":0,");
    Row meta = table().select("scored_at", "job_version", "run_id").distinct().first();
    assertThat(meta.getString(1)).isEqualTo(JobVersion.VALUE);
    assertThat(meta.getString(2)).isEqualTo(summary.runId());
  }

  @Test
  void previewScoresWithOtherWeightsAndTiersAndWritesNothing() throws IOException {
    Dataset<Row> preview =
        ScoreJob.preview(
            spark(),
            List.of(
                "--events",
                events,
                "--set",
                "events.partition_column=event_date",
                "--weights",
                writeWeights("2"),
                "--output",
                output,
                "--set",
                "tiers.rules = [{name = low, below = 50}, {name = high}]",
                "--date",
                "2026-10-15"));

    // Logins weigh 2: c145 60 + 40 + 25 + 50 = 175, cneg 10 - 20 = -10, c40 80, cdec 0.3.
    assertThat(
            preview.select("customer_id", "raw_score", "normalized_score", "tier").collectAsList())
        .map(Row::toString)
        .containsExactlyInAnyOrder(
            "[c145,175.000000,null,high]",
            "[cneg,-10.000000,null,low]",
            "[c40,80.000000,null,high]",
            "[cdec,0.300000,null,low]");
    assertThat(dir.resolve("scores")).as("preview writes no table").doesNotExist();
  }

  @Test
  void rerunningAPeriodGivesTheSameTable() {
    score("2026-10-15");
    List<Row> first = businessColumns(table()).collectAsList();
    RunSummary again = score("2026-10-31"); // 0 wrote October, 1 labelled the new table
    assertThat(again.outputVersion()).isEqualTo(2);
    assertDataFrameNoOrderEquals(spark().createDataFrame(first, SCORES), businessColumns(table()));
  }

  @Test
  void rescoringOnePeriodLeavesTheOthersUntouched() throws IOException {
    score("2026-10-15");
    score("2026-11-15");
    List<Row> november = table().filter(col("period_start").equalTo(NOV_1)).collectAsList();
    assertThat(november).hasSize(1);

    writeWeights("2"); // logins now count double
    score("2026-10-15");

    // November, scored_at included, is exactly as it was.
    assertDataFrameNoOrderEquals(
        spark().createDataFrame(november, table().schema()),
        table().filter(col("period_start").equalTo(NOV_1)));
    // October: c145 175, cneg -10, c40 80, cdec 0.3; span 185.
    // c40: 90/185 = 48.648.. -> 48.65; cdec: 10.3/185 = 5.567.. -> 5.57.
    assertDataFrameNoOrderEquals(
        df(
            SCORES,
            oct("c145", 40, "175.000000", "100.00", "power_user"),
            oct("cneg", 6, "-10.000000", "0.00", "at_risk"),
            oct("c40", 40, "80.000000", "48.65", "engaged"),
            oct("cdec", 3, "0.300000", "5.57", "disengaged")),
        businessColumns(table().filter(col("period_start").equalTo(OCT_1))));
  }

  private static Object[] rolling(
      String customer, String start, String end, long logins, String normalized) {
    return new Object[] {
      customer,
      "rolling_7d",
      Date.valueOf(start),
      Date.valueOf(end),
      logins,
      new BigDecimal(logins + ".000000"),
      new BigDecimal(normalized),
      "disengaged"
    };
  }

  @Test
  void aBackfillScoresEveryPeriodInOneCommit() {
    JobSettings s = settings(Map.of("period", "rolling", "window_days", "7"));
    List<Period> windows =
        new PeriodCalendar(PeriodKind.ROLLING, 7)
            .overlapping(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-03"));
    RunSummary summary = ScoreJob.run(spark(), s, windows);
    // Events from Oct 26 on: logins of c145 and c40 on Oct 26, 27 and 28, and c145's on Nov 2
    // (the fixture spreads n events over consecutive days, wrapping after 28).
    // Window ending Nov 1 (Oct 26..Nov 1): c145 3, c40 3 -> all equal, both 100.00.
    // Window ending Nov 2 (Oct 27..Nov 2): c145 2 + 1 = 3, c40 2 -> 100.00 and 0.00.
    // Window ending Nov 3 (Oct 28..Nov 3): c145 1 + 1 = 2, c40 1 -> 100.00 and 0.00.
    assertDataFrameNoOrderEquals(
        df(
            SCORES,
            rolling("c145", "2026-10-26", "2026-11-01", 3, "100.00"),
            rolling("c40", "2026-10-26", "2026-11-01", 3, "100.00"),
            rolling("c145", "2026-10-27", "2026-11-02", 3, "100.00"),
            rolling("c40", "2026-10-27", "2026-11-02", 2, "0.00"),
            rolling("c145", "2026-10-28", "2026-11-03", 2, "100.00"),
            rolling("c40", "2026-10-28", "2026-11-03", 1, "0.00")),
        businessColumns(table()));
    assertThat(summary.outputVersion()).isZero();
  }

  /** Runs the given dates' scoring at the same moment, in two threads on the shared session. */
  private List<RunSummary> concurrently(String dateA, String dateB) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch go = new CountDownLatch(1);
      Future<RunSummary> a =
          pool.submit(
              () -> {
                go.await();
                return score(dateA);
              });
      Future<RunSummary> b =
          pool.submit(
              () -> {
                go.await();
                return score(dateB);
              });
      go.countDown();
      return List.of(a.get(5, TimeUnit.MINUTES), b.get(5, TimeUnit.MINUTES));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentRunsForDifferentPeriodsBothLand() throws Exception {
    score("2026-10-15");
    List<RunSummary> runs = concurrently("2026-10-20", "2026-11-15");
    assertThat(runs).extracting(RunSummary::status).containsExactly("ok", "ok");
    // October's 4 customers and November's 1: no rows lost.
    assertThat(table().filter(col("period_start").equalTo(OCT_1)).count()).isEqualTo(4);
    assertThat(table().filter(col("period_start").equalTo(NOV_1)).count()).isEqualTo(1);
    assertThat(table().select("run_id").distinct().count()).isEqualTo(2);
  }

  @Test
  void concurrentRunsForTheSamePeriodLeaveOneRunsResult() throws Exception {
    List<RunSummary> runs = concurrently("2026-10-15", "2026-10-31");
    assertThat(runs).extracting(RunSummary::status).containsExactly("ok", "ok");
    assertThat(runs.get(0).outputVersion()).isNotEqualTo(runs.get(1).outputVersion());
    // Exactly one run's four rows, never a mix or a double.
    assertThat(table().count()).isEqualTo(4);
    assertThat(table().select("run_id").distinct().count()).isEqualTo(1);
    String last =
        runs.get(0).outputVersion() > runs.get(1).outputVersion()
            ? runs.get(0).runId()
            : runs.get(1).runId();
    assertThat(table().select("run_id").first().getString(0)).isEqualTo(last);
  }
}
