package dev.engagement.score.feature.accounts;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.JobTestBase;
import dev.engagement.score.ScoreJob;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.Period;
import dev.engagement.score.model.UserInputException;
import dev.engagement.score.run.RunSummary;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Account scores through the whole job, in their own table. */
class AccountsJobTest extends JobTestBase {
  /** {@link #add} for events that carry an account id (null: none), as the last column. */
  private static void add(
      List<Object[]> rows, String customer, String type, int n, String firstDay, String account) {
    List<Object[]> own = new ArrayList<>();
    add(own, customer, type, n, firstDay);
    own.forEach(r -> rows.add(new Object[] {r[0], r[1], r[2], r[3], account}));
  }

  private static Object[] account(
      Date start,
      Date end,
      String account,
      long customers,
      long events,
      String rollup,
      String raw,
      String normalized,
      String tier) {
    return new Object[] {
      account,
      "month",
      start,
      end,
      customers,
      events,
      rollup,
      new BigDecimal(raw),
      new BigDecimal(normalized),
      tier
    };
  }

  @Test
  void accountScoresGoToTheirOwnTableAndARerunReplacesItsPeriodOnly() {
    List<Object[]> rows = new ArrayList<>();
    // October. acme: u1 30 x 1 + 50 = 80 (31 events), u2 5 x 1 - 20 = -15 (6 events).
    add(rows, "u1", "login", 30, "2026-10-01", "acme");
    add(rows, "u1", "upgraded_to_paid", 1, "2026-10-20", "acme");
    add(rows, "u2", "login", 5, "2026-10-01", "acme");
    add(rows, "u2", "cancellation_requested", 1, "2026-10-09", "acme");
    // u3 moved from acme (logins Oct 1..3) to globex (projects Oct 10, 11): 3 + 2 x 5 = 13 for
    // globex, its account at the end of October.
    add(rows, "u3", "login", 3, "2026-10-01", "acme");
    add(rows, "u3", "project_added", 2, "2026-10-10", "globex");
    // globex also: u4 40 x 1 = 40 (40 events), u7 1 - 20 = -19 (2 events).
    add(rows, "u4", "login", 40, "2026-10-01", "globex");
    add(rows, "u7", "login", 1, "2026-10-05", "globex");
    add(rows, "u7", "cancellation_requested", 1, "2026-10-06", "globex");
    // u6: its login without an account still counts, for initech: 2 (2 events).
    add(rows, "u6", "login", 1, "2026-10-02", null);
    add(rows, "u6", "login", 1, "2026-10-03", "initech");
    // u5 never has an account: scored as a customer (7), unassigned for accounts.
    add(rows, "u5", "login", 7, "2026-10-01", null);
    // November: u1 1 login for acme.
    add(rows, "u1", "login", 1, "2026-11-02", "acme");
    events = dir.resolve("b2b-events").toString();
    df(EVENTS.add("org_id", DataTypes.StringType), rows.toArray(Object[][]::new))
        .write()
        .partitionBy("event_date")
        .parquet(events);
    String accounts = dir.resolve("accounts").toString();
    Map<String, String> on = new HashMap<>();
    on.put("events.account_column", "org_id");
    on.put("accounts.path", accounts);
    JobSettings sum = settings(on);
    Period october = sum.calendar().containing(OCT_1.toLocalDate());
    Period november = sum.calendar().containing(NOV_1.toLocalDate());

    RunSummary first = ScoreJob.run(spark(), sum, List.of(october, november));

    StructType business = new StructType(Arrays.copyOf(AccountRollup.SCHEMA.fields(), 10));
    Dataset<Row> table = spark().read().format("delta").load(accounts);
    // October, sum: acme 80 - 15 = 65 (2 customers, 37 events); globex 13 + 40 - 19 = 34 (3, 5 +
    // 40 + 2 = 47); initech 2 (1, 2). Min 2, max 65, span 63: globex 32 / 63 = 50.79.
    // November: acme alone, so 100.00.
    Object[] november1 = account(NOV_1, NOV_30, "acme", 1, 1, "sum", "1", "100.00", "disengaged");
    assertDataFrameNoOrderEquals(
        df(
            business,
            account(OCT_1, OCT_31, "acme", 2, 37, "sum", "65", "100.00", "somewhat_engaged"),
            account(OCT_1, OCT_31, "globex", 3, 47, "sum", "34", "50.79", "disengaged"),
            account(OCT_1, OCT_31, "initech", 1, 2, "sum", "2", "0.00", "disengaged"),
            november1),
        table.select(Columns.cols(business.fieldNames())));
    assertThat(table.select("run_id").distinct().collectAsList())
        .map(r -> r.getString(0))
        .containsExactly(first.runId());
    // u5 is in the score table, and reported as the one unassigned customer with 7 events.
    assertThat(table().filter(col("customer_id").equalTo("u5")).select("raw_score").first())
        .hasToString("[7.000000]");
    assertThat(first.part("accounts", AccountsFeature.Written.class))
        .contains(new AccountsFeature.Written("file:" + accounts, 0, 4, 1, 7));
    assertThat(first.toJson())
        .endsWith(
            ",\"accounts\":{\"path\":\"file:"
                + accounts
                + "\",\"version\":0,\"rows\":4,\"unassigned_customers\":1,"
                + "\"unassigned_events\":7}}");
    Row detail = spark().sql("DESCRIBE DETAIL delta.`" + accounts + "`").first();
    assertThat(detail.<Integer>getAs("minReaderVersion")).isEqualTo(1);
    assertThat(detail.<String, String>getJavaMap(detail.fieldIndex("properties")))
        .containsEntry("delta.enableDeletionVectors", "false")
        .containsEntry("engagement.schema_version", "1");
    assertThat(detail.getList(detail.fieldIndex("partitionColumns")))
        .containsExactly("period_start");

    on.put("accounts.rollup", "mean");
    RunSummary second = ScoreJob.run(spark(), settings(on), List.of(october));

    // October, mean: acme 65 / 2 = 32.5; globex 34 / 3 = 11.3333333.. -> 11.333333; initech 2.
    // Min 2, max 32.5, span 30.5: globex 9.333333 / 30.5 = 0.30601.. -> 30.60.
    // November is untouched: still the first run's sum.
    assertDataFrameNoOrderEquals(
        df(
            business,
            account(OCT_1, OCT_31, "acme", 2, 37, "mean", "32.5", "100.00", "disengaged"),
            account(OCT_1, OCT_31, "globex", 3, 47, "mean", "11.333333", "30.60", "disengaged"),
            account(OCT_1, OCT_31, "initech", 1, 2, "mean", "2", "0.00", "disengaged"),
            november1),
        spark().read().format("delta").load(accounts).select(Columns.cols(business.fieldNames())));
    assertThat(
            spark()
                .read()
                .format("delta")
                .load(accounts)
                .filter(col("period_start").equalTo(NOV_1))
                .select("run_id")
                .first())
        .hasToString("[" + first.runId() + "]");
    assertThat(second.part("accounts", AccountsFeature.Written.class).orElseThrow().version())
        .isEqualTo(2);
  }

  @Test
  void badAccountInputFailsWithAMessageAndLeavesBothTablesAsTheyWere() throws IOException {
    sharedOctober();
    Map<String, Long> before = files();
    String notDelta = dir.resolve("not-delta").toString();
    Files.createDirectories(Path.of(notDelta));
    Files.writeString(Path.of(notDelta, "notes.txt"), "someone else's");
    String otherTable = dir.resolve("other-table").toString();
    df(new StructType().add("account_id", DataTypes.StringType), new Object[] {"x"})
        .write()
        .format("delta")
        .save(otherTable);
    String accounts = dir.resolve("accounts").toString();

    assertThatThrownBy(
            () ->
                ScoreJob.run(
                    spark(),
                    settings(Map.of("events.account_column", "org_id", "accounts.path", notDelta)),
                    octoberOnly()))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "The account path file:"
                + notDelta
                + " exists but is not a Delta table; refusing to overwrite it or create a table in"
                + " it (it holds 1 entry: notes.txt). Point accounts.path at a new path or an"
                + " existing account table.");
    assertThatThrownBy(
            () ->
                ScoreJob.run(
                    spark(),
                    settings(
                        Map.of("events.account_column", "org_id", "accounts.path", otherTable)),
                    octoberOnly()))
        .isInstanceOf(UserInputException.class)
        .hasMessageStartingWith(
            "The account table file:"
                + otherTable
                + " is not an account table this job can write: it has columns [account_id"
                + " STRING]");
    // The fixture's events have no org_id column.
    assertThatThrownBy(
            () ->
                ScoreJob.run(
                    spark(),
                    settings(Map.of("events.account_column", "org_id", "accounts.path", accounts)),
                    octoberOnly()))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining(
            "The events have no column 'org_id' (used as account_id); found [customer_id,"
                + " event_type, event_ts, event_date]. Set events.account_column to the right"
                + " column name.");
    assertThat(files()).as("score table files").isEqualTo(before);
    assertThat(Path.of(accounts)).as("no account table").doesNotExist();
    assertThat(Path.of(notDelta).toFile().list()).containsExactly("notes.txt");
  }
}
