package dev.engagement.score.feature.customers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.JobTestBase;
import dev.engagement.score.ScoreJob;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.run.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The customer dimension through the whole job. */
class CustomersJobTest extends JobTestBase {
  @Test
  void theCustomerDimensionScoresInactiveCustomersZeroAndSkipsChurnedOnes() throws IOException {
    String customers =
        Files.writeString(
                dir.resolve("customers.csv"),
                "customer_id,active_from,active_to\n"
                    + "c145,2025-01-01,\n" // active, with events
                    + "cneg,,2026-09-30\n" // churned before October: its 6 events not scored
                    + "czero,2026-10-31,\n" // active from October's last day, no events: 0
                    + "clater,2026-11-01,\n") // not active yet: no row
            .toString();
    JobSettings s = settings(Map.of("customers.path", customers));
    RunSummary summary =
        ScoreJob.run(spark(), s, List.of(s.calendar().containing(LocalDate.parse("2026-10-15"))));
    // c40 and cdec are not in the dimension: scored as usual. Raw 145, 40, 0.3, 0: span 145.
    // c40: 40 / 145 = 27.586.. -> 27.59; cdec: 0.3 / 145 = 0.2068.. -> 0.21; czero: 0.00.
    assertDataFrameNoOrderEquals(
        df(
            SCORES,
            oct("c145", 40, "145.000000", "100.00", "power_user"),
            oct("c40", 40, "40.000000", "27.59", "disengaged"),
            oct("cdec", 3, "0.300000", "0.21", "disengaged"),
            oct("czero", 0, "0.000000", "0.00", "disengaged")),
        businessColumns(table()));
    assertThat(summary.rejected()).containsEntry("inactive_customer", 6L);
  }
}
