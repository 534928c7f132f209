package dev.engagement.score.core.decay;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.JobTestBase;
import dev.engagement.score.ScoreJob;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.model.Fingerprint;
import dev.engagement.score.run.RunSummary;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Recency decay through the whole job. */
class DecayJobTest extends JobTestBase {
  @Test
  void recencyDecayWeighsEachDayByItsAgeInTheMonthAndNamesItInTheWeightsVersion() {
    JobSettings s = settings(Map.of("decay.half_life_days", "7"));
    RunSummary summary =
        ScoreJob.run(spark(), s, List.of(s.calendar().containing(OCT_1.toLocalDate())));

    // October 31 is age 0; factors 0.5^(age/7). By hand, each decayed weight rounded half-even:
    // cdec: feature_used (0.1) on Oct 1, 2, 3, ages 30, 29, 28:
    //   0.1 x 0.051270959.. = 0.005127; 0.1 x 0.056607729.. = 0.005661; 0.1 x 0.0625 = 0.006250
    //   -> 0.017038 (3 events; 0.3 without decay).
    // cneg: logins (1) on Oct 1..5, ages 30..26: 0.051271 + 0.056608 + 0.062500 + 0.069006
    //   (0.069005594..) + 0.076188 (0.076188353..) = 0.315573; the cancellation (-20) on Oct 9,
    //   age 22 = 3 x 7 + 1: -20 x 0.125 x 0.905723664.. = -2.264309160.. -> -2.264309
    //   -> 0.315573 - 2.264309 = -1.948736 (6 events; -15 without decay).
    String weightsVersion = FIXTURE_WEIGHTS_VERSION;
    String decayed = Fingerprint.of(Map.of("weights", weightsVersion, "decay.half_life_days", "7"));
    Dataset<Row> rows =
        table()
            .filter(col("customer_id").isin("cdec", "cneg"))
            .select("customer_id", "event_count", "raw_score", "weights_version");
    assertDataFrameNoOrderEquals(
        df(
            rows.schema(),
            new Object[] {"cdec", 3L, d("0.017038"), decayed},
            new Object[] {"cneg", 6L, d("-1.948736"), decayed}),
        rows);
    assertThat(table().select("weights_version").distinct().count()).isEqualTo(1);
    assertThat(summary.weightsVersions()).containsExactly(decayed);
  }
}
