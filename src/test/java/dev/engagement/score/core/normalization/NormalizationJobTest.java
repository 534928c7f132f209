package dev.engagement.score.core.normalization;

import dev.engagement.score.JobTestBase;
import dev.engagement.score.ScoreJob;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.model.Columns;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Normalization through the whole job: segments of the customer dimension. */
class NormalizationJobTest extends JobTestBase {
  @Test
  void scoresAreNormalizedWithinTheSegmentOfTheCustomerDimension() throws IOException {
    String customers =
        Files.writeString(
                dir.resolve("plans.csv"),
                "customer_id,active_from,active_to,plan\n"
                    + "c145,,,pro\nc40,,,pro\ncdec,,,free\nczero,,,free\n")
            .toString();
    JobSettings s =
        settings(Map.of("customers.path", customers, "normalize.segment_column", "plan"));
    ScoreJob.run(spark(), s, List.of(s.calendar().containing(LocalDate.parse("2026-10-15"))));
    // pro: 145 and 40 -> 100.00 and 0.00; free: 0.3 and 0 -> 100.00 and 0.00. cneg (-15) is not in
    // the dimension: the null segment, a group of one -> the top of the range.
    StructType segmented =
        new StructType()
            .add("customer_id", DataTypes.StringType)
            .add("segment", DataTypes.StringType)
            .add("normalized_score", Columns.NORMALIZED_SCORE_TYPE);
    assertDataFrameNoOrderEquals(
        df(
            segmented,
            new Object[] {"c145", "pro", new BigDecimal("100.00")},
            new Object[] {"c40", "pro", new BigDecimal("0.00")},
            new Object[] {"cdec", "free", new BigDecimal("100.00")},
            new Object[] {"czero", "free", new BigDecimal("0.00")},
            new Object[] {"cneg", null, new BigDecimal("100.00")}),
        // Rows only: the table's columns carry comments.
        spark()
            .createDataFrame(
                table().select("customer_id", "segment", "normalized_score").collectAsList(),
                segmented));
  }
}
