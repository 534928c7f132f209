package dev.engagement.score.feature.restatements;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.JobTestBase;
import dev.engagement.score.ScoreJob;
import dev.engagement.score.model.Columns;
import dev.engagement.score.run.RunSummary;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The restatement log through the whole job. */
class RestatementsJobTest extends JobTestBase {
  @Test
  void rescoringAFinalPeriodLogsWhatChangedAndWhy() throws IOException {
    score("2026-10-15");
    // October ended before today minus lookback_days (0): no scheduled run scores it again.
    assertThat(table().filter(col("provisional").equalTo(false)).count()).isEqualTo(4);
    RunSummary same = score("2026-10-15");
    assertThat(same.part("restated_rows", Long.class))
        .as("same scores: nothing restated")
        .contains(0L);
    assertThat(dir.resolve("scores_restatements")).doesNotExist();

    writeWeights("2"); // logins now count double
    RunSummary restated =
        ScoreJob.run(
            spark(), settings(Map.of("restatements.reason", "login weight review")), octoberOnly());

    // As in rescoringOnePeriodLeavesTheOthersUntouched: c145 145 -> 175, cneg -15 -> -10,
    // c40 40 -> 80 (34.38 -> 48.65, now engaged), cdec 0.3 unchanged but 9.56 -> 5.57 (span
    // 160 -> 185). The weights' version changed for all four; the reason is not a setting.
    String[] columns = {
      "customer_id",
      "change",
      "causes",
      "old_raw_score",
      "new_raw_score",
      "old_normalized_score",
      "new_normalized_score",
      "old_tier",
      "new_tier",
      "old_run_id",
      "reason"
    };
    StructType logged =
        new StructType(
            Stream.of(columns)
                .map(Restatements.SCHEMA::apply)
                .toArray(org.apache.spark.sql.types.StructField[]::new));
    String old = same.runId();
    String why = "login weight review";
    List<String> weights = List.of("weights_changed");
    assertDataFrameNoOrderEquals(
        df(
            logged,
            new Object[] {
              "c145",
              "changed",
              weights,
              d("145"),
              d("175"),
              n("100.00"),
              n("100.00"),
              "power_user",
              "power_user",
              old,
              why
            },
            new Object[] {
              "cneg", "changed", weights, d("-15"), d("-10"), n("0.00"), n("0.00"), "at_risk",
              "at_risk", old, why
            },
            new Object[] {
              "c40",
              "changed",
              weights,
              d("40"),
              d("80"),
              n("34.38"),
              n("48.65"),
              "disengaged",
              "engaged",
              old,
              why
            },
            new Object[] {
              "cdec",
              "changed",
              List.of("weights_changed", "rescaled"),
              d("0.3"),
              d("0.3"),
              n("9.56"),
              n("5.57"),
              "disengaged",
              "disengaged",
              old,
              why
            }),
        spark()
            .read()
            .format("delta")
            .load(output + "_restatements")
            .select(Columns.cols(columns)));
    Row c145 =
        spark()
            .read()
            .format("delta")
            .load(output + "_restatements")
            .filter(col("customer_id").equalTo("c145"))
            .first();
    assertThat(c145.<String>getAs("run_id")).isEqualTo(restated.runId());
    assertThat(c145.<String>getAs("old_weights_version")).isEqualTo(FIXTURE_WEIGHTS_VERSION);
    assertThat(c145.<String>getAs("new_weights_version")).isEqualTo(restated.weightsHash());
    assertThat(restated.part("restated_rows", Long.class)).contains(4L);
    assertThat(restated.toJson()).contains(",\"restated_rows\":4,");
    Row audit =
        spark()
            .read()
            .format("delta")
            .load(output + "_runs")
            .filter(col("run_id").equalTo(restated.runId()))
            .first();
    assertThat(audit.<Long>getAs("restated_rows")).isEqualTo(4L);
  }
}
