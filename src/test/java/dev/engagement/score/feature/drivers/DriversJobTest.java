package dev.engagement.score.feature.drivers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.ScoreJob;
import dev.engagement.score.SparkTestBase;
import dev.engagement.score.TestSchemas;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SettingsLoader;
import dev.engagement.score.model.Period;
import dev.engagement.score.run.RunSummary;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drivers feature in the whole job: docs/drivers.md's worked example scored month by month, the
 * drivers table and the score table's {@code top_drivers}, then a rerun with the feature off.
 */
@Tag("job")
class DriversJobTest extends SparkTestBase {
  @TempDir Path dir;

  private static void add(List<Object[]> rows, String customer, String type, int n, String day) {
    LocalDate d = LocalDate.parse(day);
    for (int i = 0; i < n; i++) {
      LocalDate at = d.plusDays(i % 20);
      rows.add(
          new Object[] {
            customer, type, Timestamp.from(Instant.parse(at + "T09:00:00Z")), Date.valueOf(at)
          });
    }
  }

  private Map<String, String> settings() throws IOException {
    List<Object[]> rows = new ArrayList<>();
    // September: acme 30 + 20 + 6 + 10 = 66; beta 5.
    add(rows, "acme", "login", 30, "2026-09-01");
    add(rows, "acme", "feature_used", 8, "2026-09-02");
    add(rows, "acme", "report_exported", 2, "2026-09-03");
    add(rows, "acme", "team_member_added", 1, "2026-09-04");
    add(rows, "beta", "login", 5, "2026-09-05");
    // October: acme 24 + 17.5 - 24 + 10 = 27.5; beta none; gamma 2 (new).
    add(rows, "acme", "login", 24, "2026-10-01");
    add(rows, "acme", "feature_used", 7, "2026-10-02");
    add(rows, "acme", "support_ticket_opened", 3, "2026-10-03");
    add(rows, "acme", "team_member_added", 1, "2026-10-04");
    add(rows, "gamma", "login", 2, "2026-10-05");
    String events = dir.resolve("events").toString();
    df(TestSchemas.STORED_EVENTS, rows.toArray(Object[][]::new))
        .write()
        .partitionBy("event_date")
        .parquet(events);
    String weights =
        Files.writeString(
                dir.resolve("weights.csv"),
                "event_type,weight\nlogin,1\nfeature_used,2.5\nsupport_ticket_opened,-8\n"
                    + "report_exported,3\nteam_member_added,10\n")
            .toString();
    Map<String, String> all = new HashMap<>();
    all.put("events.path", events);
    all.put("events.partition_column", "event_date");
    all.put("weights.path", weights);
    all.put("output.path", dir.resolve("scores").toString());
    all.put("drivers.path", dir.resolve("drivers").toString());
    return all;
  }

  private static JobSettings load(Map<String, String> settings) {
    return SettingsLoader.load(List.of(), settings);
  }

  private static List<Period> month(String start) {
    return List.of(new Period("month", LocalDate.parse(start), monthEnd(start)));
  }

  private static LocalDate monthEnd(String start) {
    return LocalDate.parse(start).plusMonths(1).minusDays(1);
  }

  /** customer, event type, previous, current, change, rank: as text, null as "-". */
  private List<String> drivers(String periodStart) {
    return spark()
        .read()
        .format("delta")
        .load(dir.resolve("drivers").toString())
        .where("period_start = DATE'" + periodStart + "'")
        .orderBy("customer_id", "rank", "event_type")
        .collectAsList()
        .stream()
        .map(
            r ->
                String.join(
                    " ",
                    r.getString(0),
                    r.getString(4),
                    text(r, 5),
                    text(r, 6),
                    text(r, 7),
                    r.isNullAt(8) ? "-" : String.valueOf(r.getInt(8))))
        .toList();
  }

  private static String text(Row r, int i) {
    return r.isNullAt(i) ? "-" : r.getDecimal(i).toPlainString();
  }

  private Map<String, String> topDrivers(String periodStart) {
    Map<String, String> top = new HashMap<>();
    spark()
        .read()
        .format("delta")
        .load(dir.resolve("scores").toString())
        .where("period_start = DATE'" + periodStart + "'")
        .collectAsList()
        .forEach(
            r ->
                top.put(
                    r.getString(r.fieldIndex("customer_id")),
                    r.isNullAt(r.fieldIndex("top_drivers"))
                        ? "-"
                        : r.getString(r.fieldIndex("top_drivers"))));
    return top;
  }

  @Test
  void explainsEachMonthAgainstTheOneBeforeThenKeepsTheColumnWhenTurnedOff() throws IOException {
    Map<String, String> settings = settings();

    // September: August was never scored, so no change is known.
    RunSummary september = ScoreJob.run(spark(), load(settings), month("2026-09-01"));
    assertThat(drivers("2026-09-01"))
        .containsExactly(
            "acme feature_used - 20.000000 - -",
            "acme login - 30.000000 - -",
            "acme report_exported - 6.000000 - -",
            "acme team_member_added - 10.000000 - -",
            "beta login - 5.000000 - -");
    assertThat(topDrivers("2026-09-01"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("acme", "-", "beta", "-"));
    assertThat(september.part("drivers", Map.class).orElseThrow())
        .containsEntry("rows", 5L)
        .containsEntry("unknown_previous_rows", 5L);

    // October against the stored September (docs/drivers.md's table): changes -24, -6, -6, -2.5,
    // 0 add up to 27.5 - 66 = -38.5. gamma is new: 0 -> 2 x 1. beta has no October score row.
    RunSummary october = ScoreJob.run(spark(), load(settings), month("2026-10-01"));
    assertThat(drivers("2026-10-01"))
        .containsExactly(
            "acme support_ticket_opened 0.000000 -24.000000 -24.000000 1",
            "acme login 30.000000 24.000000 -6.000000 2",
            "acme report_exported 6.000000 0.000000 -6.000000 3",
            "acme feature_used 20.000000 17.500000 -2.500000 4",
            "acme team_member_added 10.000000 10.000000 0.000000 5",
            "gamma login 0.000000 2.000000 2.000000 1");
    assertThat(topDrivers("2026-10-01"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "acme",
                "support_ticket_opened -24.000000, login -6.000000, report_exported -6.000000",
                "gamma",
                "login 2.000000"));
    assertThat(october.part("drivers", Map.class).orElseThrow())
        .containsEntry("rows", 6L)
        .containsEntry("unknown_previous_rows", 0L);
    BigDecimal acmeChange =
        spark()
            .read()
            .format("delta")
            .load(dir.resolve("drivers").toString())
            .where("period_start = DATE'2026-10-01' AND customer_id = 'acme'")
            .agg(org.apache.spark.sql.functions.sum("change"))
            .first()
            .getDecimal(0);
    assertThat(acmeChange).isEqualByComparingTo("-38.5");

    // Turned off: October rescored without it keeps the column, null, and the drivers table as
    // it was.
    settings.put("drivers.path", "");
    RunSummary off = ScoreJob.run(spark(), load(settings), month("2026-10-01"));
    assertThat(off.part("drivers", Map.class)).isEmpty();
    assertThat(topDrivers("2026-10-01"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("acme", "-", "gamma", "-"));
    assertThat(drivers("2026-10-01")).hasSize(6);
  }
}
