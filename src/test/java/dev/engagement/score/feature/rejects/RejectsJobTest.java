package dev.engagement.score.feature.rejects;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.JobTestBase;
import dev.engagement.score.ScoreJob;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.run.RunSummary;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The rejects table through the whole job. */
class RejectsJobTest extends JobTestBase {
  @Test
  void rejectedEventsAreKeptWithTheirReasonPerRun() {
    String rejects = dir.resolve("rejects").toString();
    JobSettings s = settings(Map.of("rejects.path", rejects));
    RunSummary summary =
        ScoreJob.run(spark(), s, List.of(s.calendar().containing(OCT_1.toLocalDate())));
    StructType schema =
        new StructType()
            .add("reject_reason", DataTypes.StringType)
            .add("customer_id", DataTypes.StringType)
            .add("event_type", DataTypes.StringType)
            .add("period_start", DataTypes.DateType);
    assertDataFrameNoOrderEquals(
        df(
            schema,
            new Object[] {"missing_event_time", "c145", "login", null},
            new Object[] {"missing_customer_id", null, "login", OCT_1},
            new Object[] {"unknown_event_type", "c145", "legacy_click", OCT_1},
            new Object[] {"unknown_event_type", "c145", "legacy_click", OCT_1}),
        spark()
            .read()
            .format("delta")
            .load(rejects)
            .filter(col("run_id").equalTo(summary.runId()))
            .select("reject_reason", "customer_id", "event_type", "period_start"));
    assertThat(
            spark()
                .sql("DESCRIBE DETAIL delta.`" + rejects + "`")
                .first()
                .getList(
                    spark()
                        .sql("DESCRIBE DETAIL delta.`" + rejects + "`")
                        .first()
                        .fieldIndex("partitionColumns")))
        .containsExactly("run_id");
  }
}
