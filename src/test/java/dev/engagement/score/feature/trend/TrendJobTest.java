package dev.engagement.score.feature.trend;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.JobTestBase;
import dev.engagement.score.ScoreJob;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SourceFormat;
import dev.engagement.score.core.weights.WeightSource;
import dev.engagement.score.model.PeriodCalendar;
import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Trends through the whole job: each period against the previous one, scored with its own weights.
 */
class TrendJobTest extends JobTestBase {
  @Test
  void eachPeriodIsScoredWithItsWeightsAndComparedWithThePreviousOne() throws IOException {
    // login weighs 1 until October's end and 2 from November 1st.
    weights =
        Files.writeString(
                dir.resolve("history.csv"),
                "event_type,weight,valid_from,valid_to\n"
                    + "login,1,,2026-10-31\nlogin,2,2026-11-01,\n"
                    + "team_member_added,10,,\nproject_added,5,,\nupgraded_to_paid,50,,\n"
                    + "cancellation_requested,-20,,\nfeature_used,0.1,,\n")
            .toString();
    JobSettings s = settings(Map.of("trend.score", "raw", "trend.stable_band", "1"));
    PeriodCalendar months = s.calendar();
    ScoreJob.run(spark(), s, List.of(months.containing(LocalDate.parse("2026-10-15"))));
    ScoreJob.run(spark(), s, List.of(months.containing(LocalDate.parse("2026-11-15"))));
    Dataset<Row> trends =
        table()
            .select(
                "customer_id",
                "period_start",
                "raw_score",
                "previous_raw_score",
                "raw_score_change",
                "trend",
                "weights_version");
    String october = FIXTURE_WEIGHTS_VERSION;
    // The version of October's weights is the fingerprint of the same weights without history.
    assertThat(october)
        .isEqualTo(
            WeightSource.read(
                    spark(), new JobSettings.Weights(writeWeights("1"), SourceFormat.AUTO))
                .hash());
    String november =
        trends.filter(col("period_start").equalTo(NOV_1)).first().getAs("weights_version");
    assertThat(november).isNotEqualTo(october);
    // October: everyone is new. November: c145's one login weighs 2: 2 - 145 = -143, falling.
    assertDataFrameNoOrderEquals(
        df(
            trends.schema(),
            new Object[] {"c145", OCT_1, d("145"), null, null, "new", october},
            new Object[] {"cneg", OCT_1, d("-15"), null, null, "new", october},
            new Object[] {"c40", OCT_1, d("40"), null, null, "new", october},
            new Object[] {"cdec", OCT_1, d("0.3"), null, null, "new", october},
            new Object[] {"c145", NOV_1, d("2"), d("145"), d("-143"), "falling", november}),
        trends);
  }
}
