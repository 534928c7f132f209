package dev.engagement.score.feature.breakdown;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.JobTestBase;
import dev.engagement.score.ScoreJob;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.table.ScoreTable;
import dev.engagement.score.core.table.TableLocation;
import dev.engagement.score.model.Columns;
import dev.engagement.score.run.RunSummary;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The breakdown table and caps through the whole job. */
class BreakdownJobTest extends JobTestBase {
  private static Object[] breakdownRow(String customer, String type, long count, long counted) {
    return new Object[] {customer, "month", OCT_1, OCT_31, type, count, counted};
  }

  @Test
  void theBreakdownAddsUpToTheScoresExactlyAndCapsLimitACountedType() {
    String breakdown = dir.resolve("breakdown").toString();
    JobSettings s = settings(Map.of("breakdown.path", breakdown, "caps.login", "10"));
    RunSummary capped = ScoreJob.run(spark(), s, octoberOnly());

    // Logins capped at 10 a customer: c145 min(30, 10) x 1 + 4 x 10 + 5 x 5 + 1 x 50 = 125;
    // cneg 5 (under the cap) - 20 = -15; c40 min(40, 10) = 10; cdec 3 x 0.1 = 0.3. event_count
    // still counts every event. Min -15, max 125, span 140: c40 25/140 = 17.857.. -> 17.86, cdec
    // 15.3/140 = 10.928.. -> 10.93.
    assertDataFrameNoOrderEquals(
        df(
            SCORES,
            oct("c145", 40, "125.000000", "100.00", "power_user"),
            oct("cneg", 6, "-15.000000", "0.00", "at_risk"),
            oct("c40", 40, "10.000000", "17.86", "disengaged"),
            oct("cdec", 3, "0.300000", "10.93", "disengaged")),
        businessColumns(table()));
    Dataset<Row> rows = spark().read().format("delta").load(breakdown);
    // customer_id .. period_end, event_type, event_count, counted, with their column comments.
    StructType counts = new StructType(java.util.Arrays.copyOf(BreakdownRows.SCHEMA.fields(), 7));
    // One row per scored type; the unknown legacy_click and the events without a customer or a
    // time are in none.
    assertDataFrameNoOrderEquals(
        df(
            counts,
            breakdownRow("c145", "login", 30, 10),
            breakdownRow("c145", "team_member_added", 4, 4),
            breakdownRow("c145", "project_added", 5, 5),
            breakdownRow("c145", "upgraded_to_paid", 1, 1),
            breakdownRow("cneg", "login", 5, 5),
            breakdownRow("cneg", "cancellation_requested", 1, 1),
            breakdownRow("c40", "login", 40, 10),
            breakdownRow("cdec", "feature_used", 3, 3)),
        rows.select(Columns.cols(counts.fieldNames())));
    // The invariant, on the two tables as a reader sees them: per customer and period the
    // contributions add up to raw_score exactly, and both rows come from the same run.
    String check =
        "SELECT s.customer_id, s.raw_score, b.total, b.run_id = s.run_id AS same_run"
            + " FROM delta.`%s` s JOIN (SELECT customer_id, period_start, run_id,"
            + " SUM(contribution) AS total FROM delta.`%s`"
            + " GROUP BY customer_id, period_start, run_id) b"
            + " ON s.customer_id = b.customer_id AND s.period_start = b.period_start";
    assertThat(spark().sql(String.format(check, output, breakdown)).collectAsList())
        .map(Row::toString)
        .containsExactlyInAnyOrder(
            "[c145,125.000000,125.000000,true]",
            "[cneg,-15.000000,-15.000000,true]",
            "[c40,10.000000,10.000000,true]",
            "[cdec,0.300000,0.300000,true]");
    assertThat(rows.select("run_id").distinct().collectAsList())
        .map(r -> r.getString(0))
        .containsExactly(capped.runId());
    Row detail = spark().sql("DESCRIBE DETAIL delta.`" + breakdown + "`").first();
    assertThat(detail.<Integer>getAs("minReaderVersion")).isEqualTo(1);
    assertThat(detail.<String, String>getJavaMap(detail.fieldIndex("properties")))
        .containsEntry("delta.enableDeletionVectors", "false");
    assertThat(detail.getList(detail.fieldIndex("partitionColumns")))
        .containsExactly("period_start");
    assertThat(rows.schema().apply("scored_at").dataType()).isEqualTo(DataTypes.TimestampType);

    // A rerun without caps replaces October's rows only: c145's logins contribute 30 again.
    score("2026-11-15");
    JobSettings uncapped = settings(Map.of("breakdown.path", breakdown));
    ScoreJob.run(spark(), uncapped, List.of(uncapped.calendar().containing(NOV_1.toLocalDate())));
    ScoreJob.run(spark(), uncapped, octoberOnly());
    rows = spark().read().format("delta").load(breakdown);
    assertThat(
            rows.filter(col("customer_id").equalTo("c145").and(col("event_type").equalTo("login")))
                .select("period_start", "counted", "contribution")
                .collectAsList())
        .map(Row::toString)
        .containsExactlyInAnyOrder("[2026-10-01,30,30.000000]", "[2026-11-01,1,1.000000]");
    assertThat(rows.count()).isEqualTo(9); // October's 8 and November's 1

    // A breakdown write that fails after the scores' commit fails the run: the audit row says so,
    // the new scores are published, and the breakdown keeps the previous run's rows.
    String lastRun = rows.filter(col("period_start").equalTo(OCT_1)).first().getAs("run_id");
    spark()
        .sql(
            "ALTER TABLE delta.`"
                + breakdown
                + "` ADD CONSTRAINT frozen CHECK (run_id = '"
                + lastRun
                + "' OR period_start > DATE'2026-10-31')");
    long before = ScoreTable.version(spark(), TableLocation.path(output));
    assertThatThrownBy(() -> ScoreJob.run(spark(), s, octoberOnly()))
        .hasMessageContaining("frozen");
    assertThat(ScoreTable.version(spark(), TableLocation.path(output))).isEqualTo(before + 1);
    assertThat(
            businessColumns(table())
                .filter(col("customer_id").equalTo("c145").and(col("period_start").equalTo(OCT_1)))
                .select("raw_score")
                .first()
                .getDecimal(0))
        .isEqualByComparingTo("125");
    Dataset<Row> runs = spark().read().format("delta").load(output + "_runs");
    assertThat(runs.filter(col("status").equalTo("failed")).count()).isEqualTo(1);
    assertThat(
            spark()
                .read()
                .format("delta")
                .load(breakdown)
                .filter(col("period_start").equalTo(OCT_1))
                .select("run_id")
                .distinct()
                .collectAsList())
        .map(r -> r.getString(0))
        .containsExactly(lastRun);
  }
}
