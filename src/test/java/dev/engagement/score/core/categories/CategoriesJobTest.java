package dev.engagement.score.core.categories;

import static org.apache.spark.sql.functions.col;

import dev.engagement.score.JobTestBase;
import dev.engagement.score.ScoreJob;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.scoring.OutputRows;
import dev.engagement.score.model.Columns;
import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Category sub-scores through the whole job. */
class CategoriesJobTest extends JobTestBase {
  @Test
  void categorySubScoresAreNormalizedAndCombinedAndTheTiersUseTheCombinedScore()
      throws IOException {
    Files.writeString(
        dir.resolve("weights.csv"),
        "event_type,weight,category\nlogin,1,product\nteam_member_added,10,product\n"
            + "project_added,5,product\nupgraded_to_paid,50,billing\n"
            + "cancellation_requested,-20,billing\nfeature_used,0.1,product\n");
    String customers =
        Files.writeString(
                dir.resolve("customers.csv"),
                "customer_id,active_from,active_to\n"
                    + "cneg,,2026-09-30\n" // churned before October: not scored
                    + "czero,2026-10-01,\n") // active, no events: 0 in every category
            .toString();
    JobSettings s =
        settings(
            Map.of(
                "customers.path",
                customers,
                "categories.weights",
                "{product = 80, billing = 20}",
                "tiers.score",
                "combined"));
    ScoreJob.run(spark(), s, List.of(s.calendar().containing(LocalDate.parse("2026-10-15"))));
    // product: c145 30 + 40 + 25 = 95, c40 40, cdec 0.3, czero 0; min 0, max 95:
    //   c145 100, c40 40 / 95 = 42.105.. -> 42.11, cdec 0.3 / 95 = 0.3157.. -> 0.32, czero 0.
    // billing: c145 50, the others 0: c145 100, the others 0.
    // combined = 0.8 x product + 0.2 x billing: c145 100.00; c40 33.688 -> 33.69;
    //   cdec 0.256 -> 0.26; czero 0.00. Tiers on it: c145 engaged (<= 100), the others
    //   disengaged (<= 40). raw_score stays the total (c145 145; normalized 100.00 as before).
    StructType schema =
        new StructType()
            .add(OutputRows.SCHEMA.apply(Columns.CUSTOMER_ID))
            .add(OutputRows.SCHEMA.apply(Columns.RAW_SCORE))
            .add("product", Columns.NORMALIZED_SCORE_TYPE)
            .add("billing", Columns.NORMALIZED_SCORE_TYPE)
            .add(OutputRows.SCHEMA.apply(Columns.COMBINED_SCORE))
            .add(OutputRows.SCHEMA.apply(Columns.TIER));
    assertDataFrameNoOrderEquals(
        df(
            schema,
            new Object[] {"c145", d("145"), n("100.00"), n("100.00"), n("100.00"), "engaged"},
            new Object[] {"c40", d("40"), n("42.11"), n("0.00"), n("33.69"), "disengaged"},
            new Object[] {"cdec", d("0.3"), n("0.32"), n("0.00"), n("0.26"), "disengaged"},
            new Object[] {"czero", d("0"), n("0.00"), n("0.00"), n("0.00"), "disengaged"}),
        table()
            .select(
                col(Columns.CUSTOMER_ID),
                col(Columns.RAW_SCORE),
                col(Columns.SUB_SCORES).getItem("product").as("product"),
                col(Columns.SUB_SCORES).getItem("billing").as("billing"),
                col(Columns.COMBINED_SCORE),
                col(Columns.TIER)));
  }
}
