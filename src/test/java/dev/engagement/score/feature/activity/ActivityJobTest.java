package dev.engagement.score.feature.activity;

import dev.engagement.score.JobTestBase;
import dev.engagement.score.ScoreJob;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.scoring.OutputRows;
import dev.engagement.score.model.Columns;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Activity states through the whole job, across runs. */
class ActivityJobTest extends JobTestBase {
  private static Object[] activity(
      String customer,
      Date start,
      long count,
      String raw,
      String last,
      Integer days,
      boolean never,
      String state) {
    return new Object[] {
      customer,
      start,
      count,
      new BigDecimal(raw).setScale(6),
      last == null ? null : Date.valueOf(last),
      days,
      never,
      state
    };
  }

  @Test
  void activityStatesLookBackToTheLastEventAcrossRuns() throws IOException {
    String customers =
        Files.writeString(
                dir.resolve("customers.csv"),
                "customer_id,active_from,active_to\nc145,,\nc40,,\nczero,2026-10-31,\n")
            .toString();
    JobSettings s = settings(Map.of("customers.path", customers));
    ScoreJob.run(spark(), s, octoberOnly());
    ScoreJob.run(spark(), s, List.of(s.calendar().containing(LocalDate.parse("2026-11-15"))));

    StructType columns =
        new StructType()
            .add(OutputRows.SCHEMA.apply(Columns.CUSTOMER_ID))
            .add(OutputRows.SCHEMA.apply(Columns.PERIOD_START))
            .add(OutputRows.SCHEMA.apply(Columns.EVENT_COUNT))
            .add(OutputRows.SCHEMA.apply(Columns.RAW_SCORE))
            .add(OutputRows.SCHEMA.apply(Columns.LAST_EVENT_DATE))
            .add(OutputRows.SCHEMA.apply(Columns.DAYS_SINCE_LAST_EVENT))
            .add(OutputRows.SCHEMA.apply(Columns.NEVER_ACTIVE))
            .add(OutputRows.SCHEMA.apply(Columns.ACTIVITY_STATE));
    // The fixture's events fall on days 1..28 of their first month (n % 28): c145's and c40's
    // last October event is on Oct 28 (31 - 28 = 3 days), cneg's cancellation on Oct 9 (22 days),
    // cdec's on Oct 3 (28 days). November: c145's login on Nov 2 (30 - 2 = 28 days); c40 has none
    // and looks back to October's row: Oct 28 -> Nov 30 = 3 + 30 = 33 days. czero never had one.
    assertDataFrameNoOrderEquals(
        df(
            columns,
            activity("c145", OCT_1, 40, "145", "2026-10-28", 3, false, "active"),
            activity("cneg", OCT_1, 6, "-15", "2026-10-09", 22, false, "net_negative"),
            activity("c40", OCT_1, 40, "40", "2026-10-28", 3, false, "active"),
            activity("cdec", OCT_1, 3, "0.3", "2026-10-03", 28, false, "active"),
            activity("czero", OCT_1, 0, "0", null, null, true, "no_events"),
            activity("c145", NOV_1, 1, "1", "2026-11-02", 28, false, "active"),
            activity("c40", NOV_1, 0, "0", "2026-10-28", 33, false, "no_events"),
            activity("czero", NOV_1, 0, "0", null, null, true, "no_events")),
        spark().createDataFrame(table().select(Columns.cols(columns.fieldNames())).rdd(), columns));
  }
}
