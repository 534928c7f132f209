package dev.engagement.score.feature.transitions;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.JobTestBase;
import dev.engagement.score.ScoreJob;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.table.ScoreTable;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.Period;
import dev.engagement.score.run.RunSummary;
import java.sql.Date;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Tier transitions and alerts through the whole job (docs/transitions.md). */
class TransitionsJobTest extends JobTestBase {
  private static Object[] transition(
      String customer,
      Date start,
      String previousTier,
      String tier,
      String previousRaw,
      String raw,
      String change,
      String pct,
      Integer previousRank,
      int rank,
      Integer rankChange,
      String... alerts) {
    return new Object[] {
      customer,
      start,
      previousTier,
      tier,
      previousRaw == null ? null : d(previousRaw),
      d(raw),
      change == null ? null : d(change),
      pct == null ? null : d(pct),
      previousRank,
      rank,
      rankChange,
      Arrays.asList(alerts),
      alerts.length > 0
    };
  }

  @Test
  void transitionsCompareWithThePreviousPeriodAndTheSummaryCountsTheAlerts() {
    String transitions = dir.resolve("transitions").toString();
    JobSettings s =
        settings(
            Map.of(
                "transitions.path",
                transitions,
                "transitions.alerts",
                "[{fell_into = disengaged}, {dropped_pct = 50}]"));
    Period november = s.calendar().containing(NOV_1.toLocalDate());
    RunSummary both = ScoreJob.run(spark(), s, List.of(octoberOnly().get(0), november));

    StructType columns =
        new StructType(
            Stream.of(
                    "customer_id",
                    "period_start",
                    "previous_tier",
                    "tier",
                    "previous_raw_score",
                    "raw_score",
                    "raw_score_change",
                    "raw_score_change_pct",
                    "previous_rank",
                    "rank",
                    "rank_change",
                    "alerts",
                    "alert")
                .map(TierTransitions.SCHEMA::apply)
                .toArray(StructField[]::new));
    // October has no previous period: ranks 145 (1), 40 (2), 0.3 (3), -15 (4), nothing fires.
    // November, compared with October from the same run: c145's 1 login, 1 - 145 = -144,
    // -144 x 100 / 145 = -99.3103.. -> -99.31, power_user -> disengaged: both rules fire.
    Object[][] expected = {
      transition("c145", OCT_1, null, "power_user", null, "145", null, null, null, 1, null),
      transition("c40", OCT_1, null, "disengaged", null, "40", null, null, null, 2, null),
      transition("cdec", OCT_1, null, "disengaged", null, "0.3", null, null, null, 3, null),
      transition("cneg", OCT_1, null, "at_risk", null, "-15", null, null, null, 4, null),
      transition(
          "c145",
          NOV_1,
          "power_user",
          "disengaged",
          "145",
          "1",
          "-144",
          "-99.31",
          1,
          1,
          0,
          "fell_into:disengaged",
          "dropped_pct:50")
    };
    Dataset<Row> rows = spark().read().format("delta").load(transitions);
    assertDataFrameNoOrderEquals(
        df(columns, expected), rows.select(Columns.cols(columns.fieldNames())));
    assertThat(rows.select("run_id").distinct().collectAsList())
        .map(r -> r.getString(0))
        .containsExactly(both.runId());
    assertThat(both.part("alerts", Map.class))
        .contains(Map.of("fell_into:disengaged", 1L, "dropped_pct:50", 1L));
    Row detail = spark().sql("DESCRIBE DETAIL delta.`" + transitions + "`").first();
    assertThat(detail.<Integer>getAs("minReaderVersion")).isEqualTo(1);
    assertThat(detail.getList(detail.fieldIndex("partitionColumns")))
        .containsExactly("period_start");
    assertThat(detail.<String, String>getJavaMap(detail.fieldIndex("properties")))
        .containsEntry("delta.enableDeletionVectors", "false")
        .containsEntry("delta.constraints.rank_positive", "rank >= 1")
        .containsEntry(ScoreTable.SCHEMA_VERSION_PROPERTY, "1");
    assertThat(both.toJson())
        .endsWith(",\"alerts\":{\"fell_into:disengaged\":1,\"dropped_pct:50\":1}}");

    // Rescoring November alone compares it with October read from the score table, and replaces
    // November's transitions only.
    RunSummary rerun = ScoreJob.run(spark(), s, List.of(november));
    rows = spark().read().format("delta").load(transitions);
    assertDataFrameNoOrderEquals(
        df(columns, expected), rows.select(Columns.cols(columns.fieldNames())));
    assertThat(
            rows.filter(col("period_start").equalTo(NOV_1)).select("run_id").first().getString(0))
        .isEqualTo(rerun.runId());
    assertThat(rerun.part("alerts", Map.class))
        .contains(Map.of("fell_into:disengaged", 1L, "dropped_pct:50", 1L));
    // Off by default: no table, no alerts in the summary.
    assertThat(score("2026-10-15").toJson()).doesNotContain("alerts");
  }
}
