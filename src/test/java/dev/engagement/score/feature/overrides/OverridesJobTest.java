package dev.engagement.score.feature.overrides;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.JobTestBase;
import dev.engagement.score.ScoreJob;
import dev.engagement.score.run.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Overrides through the whole job, and in the audit table. */
class OverridesJobTest extends JobTestBase {
  @Test
  void overridesForceTheScoreOrTierAndAreListedInTheAudit() throws IOException {
    String overrides =
        Files.writeString(
                dir.resolve("overrides.csv"),
                "customer_id,period_from,period_to,score,tier,reason,author,expires_on\n"
                    + "c145,2026-10-01,2026-10-31,10,,bot traffic,alice,2099-12-31\n"
                    + "cneg,2026-10-01,2026-10-31,,engaged,expired long ago,bob,2020-01-01\n")
            .toString();
    RunSummary summary =
        ScoreJob.run(spark(), settings(Map.of("overrides.path", overrides)), octoberOnly());

    // c145: raw 145 forced to 10 -> disengaged by the tier rules; the normalized score stays the
    // computed 100.00. cneg's override expired: computed values, not overridden.
    List<Row> rows =
        table()
            .select("customer_id", "raw_score", "normalized_score", "tier", "overridden")
            .where(col("customer_id").isin("c145", "cneg"))
            .orderBy("customer_id")
            .collectAsList();
    assertThat(rows.get(0).toString()).isEqualTo("[c145,10.000000,100.00,disengaged,true]");
    assertThat(rows.get(1).toString()).isEqualTo("[cneg,-15.000000,0.00,at_risk,false]");
    assertThat(table().where(col("overridden")).select("override_reason").first().getString(0))
        .isEqualTo("bot traffic");
    assertThat(summary.toJson()).contains("\"overrides_applied\":1");
    Row audit =
        spark()
            .read()
            .format("delta")
            .load(output + "_runs")
            .selectExpr("explode(overrides) AS o")
            .select("o.*")
            .first();
    assertThat(audit.toString())
        .isEqualTo("[c145,2026-10-01,2026-10-31,10.000000,null,bot traffic,alice]");
  }
}
