package dev.engagement.score;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SettingsLoader;
import dev.engagement.score.config.SourceFormat;
import dev.engagement.score.core.scoring.OutputRows;
import dev.engagement.score.core.table.ScoreTable;
import dev.engagement.score.core.weights.WeightSource;
import dev.engagement.score.feature.accounts.AccountRollup;
import dev.engagement.score.feature.accounts.AccountsFeature;
import dev.engagement.score.feature.breakdown.BreakdownRows;
import dev.engagement.score.feature.restatements.Restatements;
import dev.engagement.score.feature.transitions.TierTransitions;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.Fingerprint;
import dev.engagement.score.model.JobVersion;
import dev.engagement.score.model.Period;
import dev.engagement.score.model.PeriodCalendar;
import dev.engagement.score.model.PeriodKind;
import dev.engagement.score.model.UserInputException;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The whole job on a small Parquet data set, reading the Delta output back. */
class ScoreJobTest extends SparkTestBase {
  @TempDir Path dir;
  private String events;
  private String weights;
  private String output;

  private static final StructType EVENTS = TestSchemas.STORED_EVENTS;

  /** The business columns of the output: all but scored_at and job_version. */
  private static final StructType SCORES =
      new StructType(java.util.Arrays.copyOf(OutputRows.SCHEMA.fields(), 8));

  /** The version of the fixture's weights (login 1), as listed in {@link #writeWeights}. */
  private static final String FIXTURE_WEIGHTS_VERSION =
      WeightSource.WeightTable.version(
          Map.of(
              "login", new BigDecimal("1.000000"),
              "team_member_added", new BigDecimal("10.000000"),
              "project_added", new BigDecimal("5.000000"),
              "upgraded_to_paid", new BigDecimal("50.000000"),
              "cancellation_requested", new BigDecimal("-20.000000"),
              "feature_used", new BigDecimal("0.100000")));

  private static final Date OCT_1 = Date.valueOf("2026-10-01");
  private static final Date OCT_31 = Date.valueOf("2026-10-31");
  private static final Date NOV_1 = Date.valueOf("2026-11-01");
  private static final Date NOV_30 = Date.valueOf("2026-11-30");

  private static void add(
      List<Object[]> rows, String customer, String type, int n, String firstDay) {
    LocalDate day = LocalDate.parse(firstDay);
    for (int i = 0; i < n; i++) {
      LocalDate d = day.plusDays(i % 28);
      Instant at = Instant.parse(d + "T09:00:00Z");
      rows.add(new Object[] {customer, type, Timestamp.from(at), Date.valueOf(d)});
    }
  }

  @BeforeEach
  void writeInputs() throws IOException {
    List<Object[]> rows = new ArrayList<>();
    // October. c145 is DOMAIN.md's example: 30 x 1 + 4 x 10 + 5 x 5 + 1 x 50 = 145.
    add(rows, "c145", "login", 30, "2026-10-01");
    add(rows, "c145", "team_member_added", 4, "2026-10-03");
    add(rows, "c145", "project_added", 5, "2026-10-04");
    add(rows, "c145", "upgraded_to_paid", 1, "2026-10-20");
    add(rows, "c145", "legacy_click", 2, "2026-10-05"); // no weight: counted, not scored
    add(rows, "cneg", "login", 5, "2026-10-01"); // 5 - 20 = -15
    add(rows, "cneg", "cancellation_requested", 1, "2026-10-09");
    add(rows, "c40", "login", 40, "2026-10-01"); // 40: the top of disengaged
    add(rows, "cdec", "feature_used", 3, "2026-10-01"); // 3 x 0.1 = 0.3
    add(rows, null, "login", 1, "2026-10-02"); // no customer: counted, not scored
    rows.add(new Object[] {"c145", "login", null, OCT_1}); // no time: counted, not scored
    // November.
    add(rows, "c145", "login", 1, "2026-11-02");
    events = dir.resolve("events").toString();
    df(EVENTS, rows.toArray(Object[][]::new)).write().partitionBy("event_date").parquet(events);
    weights = writeWeights("1");
    output = dir.resolve("scores").toString();
  }

  private String writeWeights(String loginWeight) throws IOException {
    return Files.writeString(
            dir.resolve("weights.csv"),
            "event_type,weight\nlogin,"
                + loginWeight
                + "\nteam_member_added,10\nproject_added,5\n"
                + "upgraded_to_paid,50\ncancellation_requested,-20\nfeature_used,0.1\n")
        .toString();
  }

  private JobSettings settings(Map<String, String> extra) {
    Map<String, String> all = new HashMap<>();
    all.put("events.path", events);
    all.put("events.partition_column", "event_date");
    all.put("weights.path", weights);
    all.put("output.path", output);
    all.put("normalize.method", "minmax");
    all.put("max_reject_ratio", "0.05"); // the fixture rejects 4 of 93 events
    all.putAll(extra);
    return SettingsLoader.load(List.of(), all);
  }

  private RunSummary score(String date) {
    JobSettings s = settings(Map.of());
    return ScoreJob.run(spark(), s, List.of(s.calendar().containing(LocalDate.parse(date))));
  }

  private Dataset<Row> table() {
    return spark().read().format("delta").load(output);
  }

  private Dataset<Row> businessColumns(Dataset<Row> t) {
    return t.select(Columns.cols(SCORES.fieldNames()));
  }

  private static Object[] oct(
      String customer, long count, String raw, String normalized, String tier) {
    return new Object[] {
      customer, "month", OCT_1, OCT_31, count, new BigDecimal(raw), new BigDecimal(normalized), tier
    };
  }

  @Test
  void scoresAMonthEndToEnd() {
    RunSummary summary = score("2026-10-15");

    // October: min -15, max 145, span 160. c40: 55/160 = 34.375 -> 34.38; cdec: 15.3/160 = 9.5625
    // -> 9.56.
    assertDataFrameNoOrderEquals(
        df(
            SCORES,
            oct("c145", 40, "145.000000", "100.00", "power_user"),
            oct("cneg", 6, "-15.000000", "0.00", "at_risk"),
            oct("c40", 40, "40.000000", "34.38", "disengaged"),
            oct("cdec", 3, "0.300000", "9.56", "disengaged")),
        businessColumns(table()));
    // 93 October events: 2 of an unknown type, 1 without a customer, 1 without a time.
    assertThat(summary.rowsIn()).isEqualTo(93);
    assertThat(summary.rejected())
        .containsExactly(
            entry("missing_event_time", 1L),
            entry("event_time_out_of_range", 0L),
            entry("missing_customer_id", 1L),
            entry("customer_id_whitespace", 0L),
            entry("unknown_event_type", 2L),
            entry("duplicate_event_id", 0L),
            entry("inactive_customer", 0L));
    assertThat(summary.rowsScored()).isEqualTo(4);
    // The first run creates the table with October's rows in one commit: a failed run leaves none.
    assertThat(summary.outputVersion()).isZero();
    assertThat(summary.periods())
        .containsExactly(new Period("month", OCT_1.toLocalDate(), OCT_31.toLocalDate()));
    assertThat(summary.toJson())
        .startsWith("{\"run_id\":\"" + summary.runId() + "\",")
        .contains(
            "\"status\":\"ok\",\"period_kind\":\"month\",\"periods\":[\"2026-10-01..2026-10-31\"],"
                + "\"rows_in\":93,\"rows_scored\":4,\"rejected\":{\"missing_event_time\":1,"
                + "\"event_time_out_of_range\":0,\"missing_customer_id\":1,"
                + "\"customer_id_whitespace\":0,\"unknown_event_type\":2,"
                + "\"duplicate_event_id\":0,\"inactive_customer\":0},\"output_path\":\"file:"
                + output
                + "\",\"output_version\":0,");
    Row meta = table().select("scored_at", "job_version", "run_id").distinct().first();
    assertThat(meta.getString(1)).isEqualTo(JobVersion.VALUE);
    assertThat(meta.getString(2)).isEqualTo(summary.runId());
  }

  @Test
  void previewScoresWithOtherWeightsAndTiersAndWritesNothing() throws IOException {
    Dataset<Row> preview =
        ScoreJob.preview(
            spark(),
            List.of(
                "--events",
                events,
                "--set",
                "events.partition_column=event_date",
                "--weights",
                writeWeights("2"),
                "--output",
                output,
                "--set",
                "tiers.rules = [{name = low, below = 50}, {name = high}]",
                "--date",
                "2026-10-15"));

    // Logins weigh 2: c145 60 + 40 + 25 + 50 = 175, cneg 10 - 20 = -10, c40 80, cdec 0.3.
    assertThat(
            preview.select("customer_id", "raw_score", "normalized_score", "tier").collectAsList())
        .map(Row::toString)
        .containsExactlyInAnyOrder(
            "[c145,175.000000,null,high]",
            "[cneg,-10.000000,null,low]",
            "[c40,80.000000,null,high]",
            "[cdec,0.300000,null,low]");
    assertThat(dir.resolve("scores")).as("preview writes no table").doesNotExist();
  }

  @Test
  void rerunningAPeriodGivesTheSameTable() {
    score("2026-10-15");
    List<Row> first = businessColumns(table()).collectAsList();
    RunSummary again = score("2026-10-31"); // 0 wrote October, 1 labelled the new table
    assertThat(again.outputVersion()).isEqualTo(2);
    assertDataFrameNoOrderEquals(spark().createDataFrame(first, SCORES), businessColumns(table()));
  }

  @Test
  void rescoringOnePeriodLeavesTheOthersUntouched() throws IOException {
    score("2026-10-15");
    score("2026-11-15");
    List<Row> november = table().filter(col("period_start").equalTo(NOV_1)).collectAsList();
    assertThat(november).hasSize(1);

    writeWeights("2"); // logins now count double
    score("2026-10-15");

    // November, scored_at included, is exactly as it was.
    assertDataFrameNoOrderEquals(
        spark().createDataFrame(november, table().schema()),
        table().filter(col("period_start").equalTo(NOV_1)));
    // October: c145 175, cneg -10, c40 80, cdec 0.3; span 185.
    // c40: 90/185 = 48.648.. -> 48.65; cdec: 10.3/185 = 5.567.. -> 5.57.
    assertDataFrameNoOrderEquals(
        df(
            SCORES,
            oct("c145", 40, "175.000000", "100.00", "power_user"),
            oct("cneg", 6, "-10.000000", "0.00", "at_risk"),
            oct("c40", 40, "80.000000", "48.65", "engaged"),
            oct("cdec", 3, "0.300000", "5.57", "disengaged")),
        businessColumns(table().filter(col("period_start").equalTo(OCT_1))));
  }

  private static Object[] rolling(
      String customer, String start, String end, long logins, String normalized) {
    return new Object[] {
      customer,
      "rolling_7d",
      Date.valueOf(start),
      Date.valueOf(end),
      logins,
      new BigDecimal(logins + ".000000"),
      new BigDecimal(normalized),
      "disengaged"
    };
  }

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

  private static BigDecimal n(String value) {
    return new BigDecimal(value);
  }

  private static BigDecimal d(String value) {
    return new BigDecimal(value).setScale(6);
  }

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

  /** Schema version 1 had 11 columns (OutputRows.VERSION_1_COLUMNS), version 2 had 20. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {11, 20})
  void aTableOfAnEarlierVersionIsUpgradedInPlace(int columns) {
    StructType old = new StructType(java.util.Arrays.copyOf(OutputRows.SCHEMA.fields(), columns));
    io.delta.tables.DeltaTable.create(spark())
        .location(output)
        .addColumns(old)
        .partitionedBy("period_start")
        .property("engagement.schema_version", columns == 11 ? "1" : "2")
        .execute();
    Object[] row = new Object[columns];
    System.arraycopy(
        new Object[] {
          "old",
          "month",
          Date.valueOf("2026-09-01"),
          Date.valueOf("2026-09-30"),
          1L,
          d("1"),
          null,
          "disengaged",
          Timestamp.from(Instant.EPOCH),
          "0.1",
          "r0"
        },
        0,
        row,
        0,
        11);
    df(old, row).write().format("delta").mode("append").save(output);
    score("2026-10-15");
    assertThat(table().columns()).containsExactly(OutputRows.SCHEMA.fieldNames());
    assertThat(properties())
        .containsEntry("engagement.schema_version", String.valueOf(OutputRows.SCHEMA_VERSION));
    // September's row, written by the earlier version, is untouched, with nulls in the new
    // columns.
    Row september = table().filter(col("customer_id").equalTo("old")).first();
    assertThat(september.<String>getAs("run_id")).isEqualTo("r0");
    assertThat(september.<String>getAs("weights_version")).isNull();
    assertThat(september.<Boolean>getAs("provisional")).isNull();
    assertThat(table().filter(col("period_start").equalTo(OCT_1)).count()).isEqualTo(4);
  }

  @Test
  void rescoringAFinalPeriodLogsWhatChangedAndWhy() throws IOException {
    score("2026-10-15");
    // October ended before today minus lookback_days (0): no scheduled run scores it again.
    assertThat(table().filter(col("provisional").equalTo(false)).count()).isEqualTo(4);
    RunSummary same = score("2026-10-15");
    assertThat(same.restatedRows()).as("same scores: nothing restated").isZero();
    assertThat(dir.resolve("scores_restatements")).doesNotExist();

    writeWeights("2"); // logins now count double
    RunSummary restated =
        ScoreJob.run(
            spark(), settings(Map.of("restatements.reason", "login weight review")), octoberOnly());

    // As in rescoringOnePeriodLeavesTheOthersUntouched: c145 145 -> 175, cneg -15 -> -10,
    // c40 40 -> 80 (34.38 -> 48.65, now engaged), cdec 0.3 unchanged but 9.56 -> 5.57 (span
    // 160 -> 185). The weights' version changed for all four; the reason is not a setting.
    String[] columns = {
      "customer_id",
      "change",
      "causes",
      "old_raw_score",
      "new_raw_score",
      "old_normalized_score",
      "new_normalized_score",
      "old_tier",
      "new_tier",
      "old_run_id",
      "reason"
    };
    StructType logged =
        new StructType(
            Stream.of(columns)
                .map(Restatements.SCHEMA::apply)
                .toArray(org.apache.spark.sql.types.StructField[]::new));
    String old = same.runId();
    String why = "login weight review";
    List<String> weights = List.of("weights_changed");
    assertDataFrameNoOrderEquals(
        df(
            logged,
            new Object[] {
              "c145",
              "changed",
              weights,
              d("145"),
              d("175"),
              n("100.00"),
              n("100.00"),
              "power_user",
              "power_user",
              old,
              why
            },
            new Object[] {
              "cneg", "changed", weights, d("-15"), d("-10"), n("0.00"), n("0.00"), "at_risk",
              "at_risk", old, why
            },
            new Object[] {
              "c40",
              "changed",
              weights,
              d("40"),
              d("80"),
              n("34.38"),
              n("48.65"),
              "disengaged",
              "engaged",
              old,
              why
            },
            new Object[] {
              "cdec",
              "changed",
              List.of("weights_changed", "rescaled"),
              d("0.3"),
              d("0.3"),
              n("9.56"),
              n("5.57"),
              "disengaged",
              "disengaged",
              old,
              why
            }),
        spark()
            .read()
            .format("delta")
            .load(output + "_restatements")
            .select(Columns.cols(columns)));
    Row c145 =
        spark()
            .read()
            .format("delta")
            .load(output + "_restatements")
            .filter(col("customer_id").equalTo("c145"))
            .first();
    assertThat(c145.<String>getAs("run_id")).isEqualTo(restated.runId());
    assertThat(c145.<String>getAs("old_weights_version")).isEqualTo(FIXTURE_WEIGHTS_VERSION);
    assertThat(c145.<String>getAs("new_weights_version")).isEqualTo(restated.weightsHash());
    assertThat(restated.restatedRows()).isEqualTo(4);
    assertThat(restated.toJson()).contains(",\"restated_rows\":4,");
    Row audit =
        spark()
            .read()
            .format("delta")
            .load(output + "_runs")
            .filter(col("run_id").equalTo(restated.runId()))
            .first();
    assertThat(audit.<Long>getAs("restated_rows")).isEqualTo(4L);
  }

  @Test
  void aBackfillScoresEveryPeriodInOneCommit() {
    JobSettings s = settings(Map.of("period", "rolling", "window_days", "7"));
    List<Period> windows =
        new PeriodCalendar(PeriodKind.ROLLING, 7)
            .overlapping(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-03"));
    RunSummary summary = ScoreJob.run(spark(), s, windows);
    // Events from Oct 26 on: logins of c145 and c40 on Oct 26, 27 and 28, and c145's on Nov 2
    // (the fixture spreads n events over consecutive days, wrapping after 28).
    // Window ending Nov 1 (Oct 26..Nov 1): c145 3, c40 3 -> all equal, both 100.00.
    // Window ending Nov 2 (Oct 27..Nov 2): c145 2 + 1 = 3, c40 2 -> 100.00 and 0.00.
    // Window ending Nov 3 (Oct 28..Nov 3): c145 1 + 1 = 2, c40 1 -> 100.00 and 0.00.
    assertDataFrameNoOrderEquals(
        df(
            SCORES,
            rolling("c145", "2026-10-26", "2026-11-01", 3, "100.00"),
            rolling("c40", "2026-10-26", "2026-11-01", 3, "100.00"),
            rolling("c145", "2026-10-27", "2026-11-02", 3, "100.00"),
            rolling("c40", "2026-10-27", "2026-11-02", 2, "0.00"),
            rolling("c145", "2026-10-28", "2026-11-03", 2, "100.00"),
            rolling("c40", "2026-10-28", "2026-11-03", 1, "0.00")),
        businessColumns(table()));
    assertThat(summary.outputVersion()).isZero();
  }

  private RunSummary rolling7(String endDay, String outputPath, Map<String, String> extra) {
    Map<String, String> all = new HashMap<>(extra);
    all.put("period", "rolling");
    all.put("window_days", "7");
    all.put("output.path", outputPath);
    JobSettings s = settings(all);
    return ScoreJob.run(spark(), s, List.of(s.calendar().containing(LocalDate.parse(endDay))));
  }

  @Test
  void aDailyRunFromTheAggregateEqualsAFullRecomputeAndReadsOnlyTheNewDay() throws IOException {
    String aggregate = dir.resolve("daily").toString();
    String incremental = dir.resolve("incremental").toString();
    // Full recompute of the window Oct 14..20, without an aggregate.
    rolling7("2026-10-20", output, Map.of());
    // Yesterday's daily run: Oct 13..19, all read and stored (they are long settled).
    rolling7("2026-10-19", incremental, Map.of("aggregate.path", aggregate));
    // Today's run needs Oct 14..19 from the aggregate and Oct 20 (partitions Oct 19..21) from
    // the events: with the older partitions gone it still scores the whole window.
    try (Stream<Path> days = Files.list(Path.of(events))) {
      for (Path day :
          days.filter(p -> p.getFileName().toString().compareTo("event_date=2026-10-19") < 0)
              .toList()) {
        try (Stream<Path> files = Files.walk(day)) {
          files
              .sorted(java.util.Comparator.reverseOrder())
              .map(Path::toFile)
              .forEach(java.io.File::delete);
        }
      }
    }
    RunSummary summary = rolling7("2026-10-20", incremental, Map.of("aggregate.path", aggregate));

    // By hand: Oct 14..20 holds 7 of c145's daily logins and its upgrade (7 + 50 = 57, 8 events)
    // and 7 of c40's logins (7): normalized 100.00 and 0.00.
    Object[][] expected = {
      {
        "c145",
        "rolling_7d",
        Date.valueOf("2026-10-14"),
        Date.valueOf("2026-10-20"),
        8L,
        new BigDecimal("57.000000"),
        new BigDecimal("100.00"),
        "somewhat_engaged"
      },
      {
        "c40",
        "rolling_7d",
        Date.valueOf("2026-10-14"),
        Date.valueOf("2026-10-20"),
        7L,
        new BigDecimal("7.000000"),
        new BigDecimal("0.00"),
        "disengaged"
      }
    };
    assertDataFrameNoOrderEquals(df(SCORES, expected), businessColumns(table()));
    assertDataFrameNoOrderEquals(
        businessColumns(table()),
        businessColumns(
            spark()
                .read()
                .format("delta")
                .load(incremental)
                .filter(col("period_start").equalTo(Date.valueOf("2026-10-14")))));
    assertThat(summary.rowsIn()).isEqualTo(15);
    // Oct 13..20 are stored now: one marker row per day.
    assertThat(
            spark()
                .read()
                .format("delta")
                .load(aggregate)
                .filter(col("event_count").equalTo(0))
                .count())
        .isEqualTo(8);
  }

  @Test
  void theTableStaysReadableByCommonReaders() {
    score("2026-10-15");
    Row detail = spark().sql("DESCRIBE DETAIL delta.`" + output + "`").first();
    assertThat(detail.<Integer>getAs("minReaderVersion")).isEqualTo(1);
    assertThat(detail.<Integer>getAs("minWriterVersion")).isEqualTo(3); // CHECK constraints
    assertThat(detail.<String, String>getJavaMap(detail.fieldIndex("properties")))
        .containsEntry("delta.enableDeletionVectors", "false");
    assertThat(detail.getList(detail.fieldIndex("partitionColumns")))
        .containsExactly("period_start");
    assertThat(table().schema().apply("scored_at").dataType()).isEqualTo(DataTypes.TimestampType);
    // The columns themselves are frozen by OutputSchemaContractTest.
    assertThat(table().columns()).containsExactly(OutputRows.SCHEMA.fieldNames());
    assertThat(table().schema().simpleString()).doesNotContain("timestamp_ntz");
  }

  private Map<String, String> properties() {
    Row detail = spark().sql("DESCRIBE DETAIL delta.`" + output + "`").first();
    return detail.getJavaMap(detail.fieldIndex("properties"));
  }

  @Test
  void theTableCarriesItsCommentsAndLatestJobAndWeightsVersions() throws IOException {
    RunSummary first = score("2026-10-15");
    // The first run writes its rows (creating the table), then labels it: comment, schema, job.
    assertThat(first.outputVersion()).isZero();
    long version = ScoreTable.version(spark(), output);
    assertThat(version).isEqualTo(1);

    assertThat(properties())
        .containsEntry("engagement.schema_version", "3")
        .containsEntry("engagement.job_version", JobVersion.VALUE)
        .containsEntry("engagement.weights_hash", first.weightsHash());
    assertThat(table().schema().apply("raw_score").getComment().get())
        .isEqualTo("Exact sum of weight x count over the period's events");
    assertThat(
            spark()
                .sql("DESCRIBE DETAIL delta.`" + output + "`")
                .first()
                .<String>getAs("description"))
        .startsWith("Weighted engagement score per customer and period");
    // Same weights: no metadata commit. New weights: one, after the data commit.
    assertThat(score("2026-10-15").outputVersion()).isEqualTo(version + 1);
    writeWeights("2");
    RunSummary changed = score("2026-10-15");
    assertThat(changed.outputVersion()).isEqualTo(version + 2);
    assertThat(ScoreTable.version(spark(), output)).isEqualTo(version + 3);
    assertThat(properties()).containsEntry("engagement.weights_hash", changed.weightsHash());
    assertThat(changed.weightsHash()).isNotEqualTo(first.weightsHash());
    // Rescoring with new weights is recorded: the versions written and the versions replaced.
    assertThat(first.weightsVersions()).containsExactly(first.weightsHash());
    assertThat(first.replacedWeightsVersions()).isEmpty();
    assertThat(changed.weightsVersions()).containsExactly(changed.weightsHash());
    assertThat(changed.replacedWeightsVersions()).containsExactly(first.weightsHash());
    Row audit =
        spark()
            .read()
            .format("delta")
            .load(output + "_runs")
            .filter(col("run_id").equalTo(changed.runId()))
            .first();
    assertThat(audit.<String>getList(audit.fieldIndex("replaced_weights_versions")))
        .containsExactly(first.weightsHash());
  }

  @Test
  void aConfiguredCatalogNameRegistersTheTableForBiTools() {
    spark().sql("CREATE DATABASE IF NOT EXISTS bi");
    try {
      JobSettings s = settings(Map.of("catalog.table", "bi.engagement_scores"));
      ScoreJob.run(spark(), s, octoberOnly());

      assertThat(
              spark()
                  .sql("DESCRIBE TABLE bi.engagement_scores")
                  .filter(col("col_name").equalTo("tier"))
                  .first()
                  .<String>getAs("comment"))
          .isEqualTo("Engagement tier from the configured rules");
      assertThat(spark().sql("SELECT count(*) FROM bi.engagement_scores").first().getLong(0))
          .isEqualTo(4);
      assertThat(
              spark()
                  .sql("SHOW TBLPROPERTIES bi.engagement_scores ('engagement.job_version')")
                  .first()
                  .<String>getAs("value"))
          .isEqualTo(JobVersion.VALUE);
      ScoreJob.run(spark(), s, octoberOnly()); // registered already: fine

      String elsewhere = dir.resolve("elsewhere").toString();
      JobSettings clash =
          settings(Map.of("catalog.table", "bi.engagement_scores", "output.path", elsewhere));
      assertThatThrownBy(() -> ScoreJob.run(spark(), clash, octoberOnly()))
          .isInstanceOf(UserInputException.class)
          .hasMessageContaining("catalog.table bi.engagement_scores already names the table at")
          .hasMessageContaining("Choose another catalog.table");
      assertThat(dir.resolve("elsewhere")).as("nothing written").doesNotExist();
      assertThatThrownBy(
              () ->
                  ScoreJob.run(spark(), settings(Map.of("catalog.table", "nodb.t")), octoberOnly()))
          .hasMessage(
              "catalog.table nodb.t: the database nodb does not exist. Create it (CREATE DATABASE"
                  + " nodb) or fix catalog.table.");
    } finally {
      spark().sql("DROP DATABASE bi CASCADE");
    }
  }

  @Test
  void aPeriodWithoutEventsFailsAndWritesNothing() {
    score("2026-10-15");
    long version =
        spark().sql("DESCRIBE HISTORY delta.`" + output + "` LIMIT 1").first().getLong(0);
    assertThatThrownBy(() -> score("2025-01-15"))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining(
            "No events in " + events + " for 2025-01-01..2025-01-31 (UTC); nothing was written.");
    assertThat(spark().sql("DESCRIBE HISTORY delta.`" + output + "` LIMIT 1").first().getLong(0))
        .isEqualTo(version);
  }

  @Test
  void anOutputPathThatIsNotADeltaTableIsNeverOverwritten() throws IOException {
    Path foreign = Files.createDirectories(Path.of(output));
    Files.writeString(foreign.resolve("report.csv"), "keep me");
    assertThatThrownBy(() -> score("2026-10-15"))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("exists but is not a Delta table; refusing to overwrite it");
    try (var files = Files.list(foreign)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("report.csv");
    }
  }

  /** Every file under the output table with its size: "byte-for-byte as it was". */
  private Map<String, Long> files() throws IOException {
    try (var walk = Files.walk(Path.of(output))) {
      Map<String, Long> sizes = new java.util.TreeMap<>();
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        sizes.put(p.toString(), Files.size(p));
      }
      return sizes;
    }
  }

  @Test
  void tooManyRejectsFailTheRunAndPublishNothing() throws IOException {
    score("2026-10-15");
    Map<String, Long> before = files();
    JobSettings strict = settings(Map.of("max_reject_ratio", "0.01"));
    assertThatThrownBy(
            () ->
                ScoreJob.run(
                    spark(), strict, List.of(strict.calendar().containing(OCT_1.toLocalDate()))))
        .isInstanceOf(UserInputException.class)
        .hasMessageStartingWith("4 of 93 events were rejected {missing_event_time=1,")
        .hasMessageContaining("more than max_reject_ratio = 0.01 allows; nothing was published.")
        // The largest kind of bad data, with the types to add: no second run with --rejects.
        .hasMessageContaining(
            "Most are unknown_event_type (2). The weight table (weights.path = "
                + weights
                + ") has no weight for their types, most frequent 'legacy_click' (2): add them");
    assertThat(files()).isEqualTo(before);
  }

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

  @Test
  void onEmptyDecidesWhatAPeriodWithoutEventsDoes() throws IOException {
    score("2026-10-15");
    Map<String, Long> before = files();
    String empty = Files.createDirectories(dir.resolve("no_events")).toString();

    assertThatThrownBy(
            () -> ScoreJob.run(spark(), settings(Map.of("events.path", empty)), octoberOnly()))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("No events in " + empty);
    assertThat(files()).isEqualTo(before);

    RunSummary skipped =
        ScoreJob.run(
            spark(), settings(Map.of("events.path", empty, "on_empty", "skip")), octoberOnly());
    assertThat(skipped.status()).isEqualTo("skipped");
    assertThat(skipped.outputVersion()).isEqualTo(1);
    assertThat(files()).isEqualTo(before);

    // Emptying a published period is what max_row_drop guards against: it takes max_row_drop = 1.
    assertThatThrownBy(
            () ->
                ScoreJob.run(
                    spark(),
                    settings(Map.of("events.path", empty, "on_empty", "write_empty")),
                    octoberOnly()))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "The period 2026-10-01..2026-10-31 would publish 0 scored events where the table has"
                + " 89 (-100.0%), more than max_row_drop = 0.5 allows; nothing was published."
                + " Check events.path and the upstream data (an outage, a partial load, a misread"
                + " source?); if the drop is real, rerun with --set max_row_drop=1.");
    assertThat(files()).isEqualTo(before);
    RunSummary emptied =
        ScoreJob.run(
            spark(),
            settings(Map.of("events.path", empty, "on_empty", "write_empty", "max_row_drop", "1")),
            octoberOnly());
    assertThat(emptied.status()).isEqualTo("ok");
    assertThat(emptied.outputVersion()).isEqualTo(2);
    assertThat(table().count()).isZero();
  }

  private List<Period> octoberOnly() {
    return List.of(new Period("month", OCT_1.toLocalDate(), OCT_31.toLocalDate()));
  }

  @Test
  void aDeltaTableWithAnotherSchemaIsNeverOverwritten() throws IOException {
    df(new StructType().add("customer_id", DataTypes.StringType), new Object[] {"x"})
        .write()
        .format("delta")
        .save(output);
    Map<String, Long> before = files();
    assertThatThrownBy(() -> score("2026-10-15"))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining(
            "is not a score table this job can write: it has columns [customer_id STRING]"
                + " partitioned by []; expected [customer_id STRING, period_kind STRING,");
    assertThat(files()).isEqualTo(before);
  }

  @Test
  void everyRunAppendsAStartedRowThenOneFinalRowOkOrFailed() {
    RunSummary ok = score("2026-10-15");
    JobSettings strict = settings(Map.of("max_reject_ratio", "0"));
    assertThatThrownBy(() -> ScoreJob.run(spark(), strict, octoberOnly()))
        .isInstanceOf(UserInputException.class);

    Dataset<Row> runs = spark().read().format("delta").load(output + "_runs");
    Row first =
        runs.filter(col("run_id").equalTo(ok.runId()).and(col("status").equalTo("ok"))).first();
    assertThat(first.<Long>getAs("rows_in")).isEqualTo(93L);
    assertThat(first.<Long>getAs("rows_scored")).isEqualTo(4L);
    assertThat(first.<Long>getAs("output_version")).isZero();
    assertThat(first.<String>getAs("weights_hash")).isEqualTo(ok.weightsHash()).hasSize(64);
    assertThat(first.<String>getAs("config_hash")).isEqualTo(ok.configHash());
    assertThat(first.<String>getAs("job_version")).isEqualTo(JobVersion.VALUE);
    assertThat(first.<Date>getAs("first_period_start")).isEqualTo(OCT_1);
    assertThat(first.<String>getAs("error")).isNull();
    // Per period: 92 of the 93 events fall in October (one has no time), 89 of them scored.
    Row october = first.<Row>getList(first.fieldIndex("period_stats")).get(0);
    assertThat(october.<Date>getAs("period_start")).isEqualTo(OCT_1);
    assertThat(october.<Long>getAs("rows_in")).isEqualTo(92L);
    assertThat(october.<Long>getAs("scored_events")).isEqualTo(89L);
    assertThat(october.<Long>getAs("previous_scored_events")).isNull();
    assertThat(first.<String, Long>getJavaMap(first.fieldIndex("unknown_event_types")))
        .containsExactly(entry("legacy_click", 2L));

    // Before its commit each run recorded its start, with its settings and weights.
    Row started =
        runs.filter(col("run_id").equalTo(ok.runId()).and(col("status").equalTo("started")))
            .first();
    assertThat(started.<Timestamp>getAs("ended_at")).isNull();
    assertThat(started.<Long>getAs("output_version")).isNull();
    assertThat(started.<String>getAs("weights_hash")).isEqualTo(ok.weightsHash());
    assertThat(started.<String>getAs("config_hash")).isEqualTo(ok.configHash());

    Row failed = runs.filter(col("status").equalTo("failed")).first();
    assertThat(failed.<String>getAs("error")).startsWith("4 of 93 events were rejected");
    assertThat(failed.<Long>getAs("output_version")).isNull();
    assertThat(failed.<Long>getAs("rows_in")).isEqualTo(93L);
    assertThat(failed.<String>getAs("config_hash"))
        .isEqualTo(strict.configHash())
        .isNotEqualTo(ok.configHash());
    assertThat(runs.groupBy("status").count().collectAsList())
        .extracting(r -> r.getString(0) + "=" + r.getLong(1))
        .containsExactlyInAnyOrder("started=2", "ok=1", "failed=1");
  }

  @Test
  void theTableRejectsRowsThatBreakItsConstraintsFromAnyWriter() throws IOException {
    score("2026-10-15");
    Map<String, Long> before = files();
    Row good = table().first();
    Object[] bad = new Object[good.length()];
    for (int i = 0; i < bad.length; i++) {
      bad[i] = good.get(i);
    }
    bad[good.fieldIndex("event_count")] = -1L;
    assertThatThrownBy(
            () -> df(table().schema(), bad).write().format("delta").mode("append").save(output))
        .hasMessageContaining("event_count_not_negative");
    assertThat(files()).isEqualTo(before);
  }

  /** Runs the given dates' scoring at the same moment, in two threads on the shared session. */
  private List<RunSummary> concurrently(String dateA, String dateB) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch go = new CountDownLatch(1);
      Future<RunSummary> a =
          pool.submit(
              () -> {
                go.await();
                return score(dateA);
              });
      Future<RunSummary> b =
          pool.submit(
              () -> {
                go.await();
                return score(dateB);
              });
      go.countDown();
      return List.of(a.get(5, TimeUnit.MINUTES), b.get(5, TimeUnit.MINUTES));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentRunsForDifferentPeriodsBothLand() throws Exception {
    score("2026-10-15");
    List<RunSummary> runs = concurrently("2026-10-20", "2026-11-15");
    assertThat(runs).extracting(RunSummary::status).containsExactly("ok", "ok");
    // October's 4 customers and November's 1: no rows lost.
    assertThat(table().filter(col("period_start").equalTo(OCT_1)).count()).isEqualTo(4);
    assertThat(table().filter(col("period_start").equalTo(NOV_1)).count()).isEqualTo(1);
    assertThat(table().select("run_id").distinct().count()).isEqualTo(2);
  }

  @Test
  void concurrentRunsForTheSamePeriodLeaveOneRunsResult() throws Exception {
    List<RunSummary> runs = concurrently("2026-10-15", "2026-10-31");
    assertThat(runs).extracting(RunSummary::status).containsExactly("ok", "ok");
    assertThat(runs.get(0).outputVersion()).isNotEqualTo(runs.get(1).outputVersion());
    // Exactly one run's four rows, never a mix or a double.
    assertThat(table().count()).isEqualTo(4);
    assertThat(table().select("run_id").distinct().count()).isEqualTo(1);
    String last =
        runs.get(0).outputVersion() > runs.get(1).outputVersion()
            ? runs.get(0).runId()
            : runs.get(1).runId();
    assertThat(table().select("run_id").first().getString(0)).isEqualTo(last);
  }

  /** Bad inputs that reach Spark: each fails with its message and leaves the table as it was. */
  static Stream<Arguments> badInputs() {
    return Stream.of(
        Arguments.of(
            "events.path", "missing", null, "does not exist: check events.path (--events)."),
        Arguments.of(
            "events.customer_column", "user_id", null, "The events have no column 'user_id'"),
        Arguments.of(
            "events.time_column",
            "customer_id",
            null,
            "Events column 'customer_id' (used as event_ts) has type STRING; expected [TIMESTAMP,"),
        Arguments.of("weights.path", "missing.csv", null, "does not exist: check weights.path"),
        Arguments.of("caps.logins", "10", null, "event type 'logins' has no weight in"),
        Arguments.of(
            "breakdown.path", "notes.txt", "hello", "exists but is not a Delta table; refusing"),
        Arguments.of(
            "weights.path",
            "w.csv",
            "",
            "it is empty. A CSV table starts with a header line naming its columns"),
        Arguments.of(
            "weights.path",
            "w.csv",
            "event_type,weight\nlogin,1,5\n",
            "line 2 has 3 fields but the header has 2: login,1,5."),
        Arguments.of(
            "weights.path", "w.csv", "event_type,weight\n", "it has a header but no weights"),
        Arguments.of(
            "weights.path", "w.csv", "type,weight\nlogin,1\n", "column 'event_type' is missing"),
        Arguments.of(
            "weights.path", "w.csv", "event_type,weight\nlogin,x\n", "'x' is not a number"),
        Arguments.of(
            "weights.path",
            "w.csv",
            "event_type,weight\nlogin,1\nlogin,2\n",
            "Duplicate event type 'login'"),
        Arguments.of(
            "weights.path",
            "w.csv",
            "event_type,weight\nlogin,0.1234567\n",
            "does not fit DECIMAL(18,6)"),
        Arguments.of(
            "overrides.path",
            "o.csv",
            "customer_id,period_from,period_to,score,tier,reason,author,expires_on\n"
                + "c145,2026-10-01,2026-10-31,,gold,why,me,\n",
            "row 1: tier 'gold' is not one of the tiers"));
  }

  private static Object[] breakdownRow(String customer, String type, long count, long counted) {
    return new Object[] {customer, "month", OCT_1, OCT_31, type, count, counted};
  }

  @Test
  void theBreakdownAddsUpToTheScoresExactlyAndCapsLimitACountedType() {
    String breakdown = dir.resolve("breakdown").toString();
    JobSettings s = settings(Map.of("breakdown.path", breakdown, "caps.login", "10"));
    RunSummary capped = ScoreJob.run(spark(), s, octoberOnly());

    // Logins capped at 10 a customer: c145 min(30, 10) x 1 + 4 x 10 + 5 x 5 + 1 x 50 = 125;
    // cneg 5 (under the cap) - 20 = -15; c40 min(40, 10) = 10; cdec 3 x 0.1 = 0.3. event_count
    // still counts every event. Min -15, max 125, span 140: c40 25/140 = 17.857.. -> 17.86, cdec
    // 15.3/140 = 10.928.. -> 10.93.
    assertDataFrameNoOrderEquals(
        df(
            SCORES,
            oct("c145", 40, "125.000000", "100.00", "power_user"),
            oct("cneg", 6, "-15.000000", "0.00", "at_risk"),
            oct("c40", 40, "10.000000", "17.86", "disengaged"),
            oct("cdec", 3, "0.300000", "10.93", "disengaged")),
        businessColumns(table()));
    Dataset<Row> rows = spark().read().format("delta").load(breakdown);
    // customer_id .. period_end, event_type, event_count, counted, with their column comments.
    StructType counts = new StructType(java.util.Arrays.copyOf(BreakdownRows.SCHEMA.fields(), 7));
    // One row per scored type; the unknown legacy_click and the events without a customer or a
    // time are in none.
    assertDataFrameNoOrderEquals(
        df(
            counts,
            breakdownRow("c145", "login", 30, 10),
            breakdownRow("c145", "team_member_added", 4, 4),
            breakdownRow("c145", "project_added", 5, 5),
            breakdownRow("c145", "upgraded_to_paid", 1, 1),
            breakdownRow("cneg", "login", 5, 5),
            breakdownRow("cneg", "cancellation_requested", 1, 1),
            breakdownRow("c40", "login", 40, 10),
            breakdownRow("cdec", "feature_used", 3, 3)),
        rows.select(Columns.cols(counts.fieldNames())));
    // The invariant, on the two tables as a reader sees them: per customer and period the
    // contributions add up to raw_score exactly, and both rows come from the same run.
    String check =
        "SELECT s.customer_id, s.raw_score, b.total, b.run_id = s.run_id AS same_run"
            + " FROM delta.`%s` s JOIN (SELECT customer_id, period_start, run_id,"
            + " SUM(contribution) AS total FROM delta.`%s`"
            + " GROUP BY customer_id, period_start, run_id) b"
            + " ON s.customer_id = b.customer_id AND s.period_start = b.period_start";
    assertThat(spark().sql(String.format(check, output, breakdown)).collectAsList())
        .map(Row::toString)
        .containsExactlyInAnyOrder(
            "[c145,125.000000,125.000000,true]",
            "[cneg,-15.000000,-15.000000,true]",
            "[c40,10.000000,10.000000,true]",
            "[cdec,0.300000,0.300000,true]");
    assertThat(rows.select("run_id").distinct().collectAsList())
        .map(r -> r.getString(0))
        .containsExactly(capped.runId());
    Row detail = spark().sql("DESCRIBE DETAIL delta.`" + breakdown + "`").first();
    assertThat(detail.<Integer>getAs("minReaderVersion")).isEqualTo(1);
    assertThat(detail.<String, String>getJavaMap(detail.fieldIndex("properties")))
        .containsEntry("delta.enableDeletionVectors", "false");
    assertThat(detail.getList(detail.fieldIndex("partitionColumns")))
        .containsExactly("period_start");
    assertThat(rows.schema().apply("scored_at").dataType()).isEqualTo(DataTypes.TimestampType);

    // A rerun without caps replaces October's rows only: c145's logins contribute 30 again.
    score("2026-11-15");
    JobSettings uncapped = settings(Map.of("breakdown.path", breakdown));
    ScoreJob.run(spark(), uncapped, List.of(uncapped.calendar().containing(NOV_1.toLocalDate())));
    ScoreJob.run(spark(), uncapped, octoberOnly());
    rows = spark().read().format("delta").load(breakdown);
    assertThat(
            rows.filter(col("customer_id").equalTo("c145").and(col("event_type").equalTo("login")))
                .select("period_start", "counted", "contribution")
                .collectAsList())
        .map(Row::toString)
        .containsExactlyInAnyOrder("[2026-10-01,30,30.000000]", "[2026-11-01,1,1.000000]");
    assertThat(rows.count()).isEqualTo(9); // October's 8 and November's 1

    // A breakdown write that fails after the scores' commit fails the run: the audit row says so,
    // the new scores are published, and the breakdown keeps the previous run's rows.
    String lastRun = rows.filter(col("period_start").equalTo(OCT_1)).first().getAs("run_id");
    spark()
        .sql(
            "ALTER TABLE delta.`"
                + breakdown
                + "` ADD CONSTRAINT frozen CHECK (run_id = '"
                + lastRun
                + "' OR period_start > DATE'2026-10-31')");
    long before = ScoreTable.version(spark(), output);
    assertThatThrownBy(() -> ScoreJob.run(spark(), s, octoberOnly()))
        .hasMessageContaining("frozen");
    assertThat(ScoreTable.version(spark(), output)).isEqualTo(before + 1);
    assertThat(
            businessColumns(table())
                .filter(col("customer_id").equalTo("c145").and(col("period_start").equalTo(OCT_1)))
                .select("raw_score")
                .first()
                .getDecimal(0))
        .isEqualByComparingTo("125");
    Dataset<Row> runs = spark().read().format("delta").load(output + "_runs");
    assertThat(runs.filter(col("status").equalTo("failed")).count()).isEqualTo(1);
    assertThat(
            spark()
                .read()
                .format("delta")
                .load(breakdown)
                .filter(col("period_start").equalTo(OCT_1))
                .select("run_id")
                .distinct()
                .collectAsList())
        .map(r -> r.getString(0))
        .containsExactly(lastRun);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("badInputs")
  void badInputFailsWithAMessageAndLeavesTheTableAsItWas(
      String key, String value, String content, String message) throws IOException {
    score("2026-10-15");
    Map<String, Long> before = files();
    String path = value;
    if (key.endsWith(".path")) {
      path = dir.resolve(value).toString();
      if (content != null) {
        Files.writeString(Path.of(path), content);
      }
    }
    JobSettings bad = settings(Map.of(key, path));
    assertThatThrownBy(() -> ScoreJob.run(spark(), bad, octoberOnly()))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining(message);
    assertThat(files()).as("output files").isEqualTo(before);
  }

  // Account rollup.

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
    score("2026-10-15");
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

  // Recency decay.

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

  // Tier transitions and alerts (docs/transitions.md).

  private static Object[] transition(
      String customer,
      Date start,
      String previousTier,
      String tier,
      String previousRaw,
      String raw,
      String change,
      String pct,
      Integer previousRank,
      int rank,
      Integer rankChange,
      String... alerts) {
    return new Object[] {
      customer,
      start,
      previousTier,
      tier,
      previousRaw == null ? null : d(previousRaw),
      d(raw),
      change == null ? null : d(change),
      pct == null ? null : d(pct),
      previousRank,
      rank,
      rankChange,
      Arrays.asList(alerts),
      alerts.length > 0
    };
  }

  @Test
  void transitionsCompareWithThePreviousPeriodAndTheSummaryCountsTheAlerts() {
    String transitions = dir.resolve("transitions").toString();
    JobSettings s =
        settings(
            Map.of(
                "transitions.path",
                transitions,
                "transitions.alerts",
                "[{fell_into = disengaged}, {dropped_pct = 50}]"));
    Period november = s.calendar().containing(NOV_1.toLocalDate());
    RunSummary both = ScoreJob.run(spark(), s, List.of(octoberOnly().get(0), november));

    StructType columns =
        new StructType(
            Stream.of(
                    "customer_id",
                    "period_start",
                    "previous_tier",
                    "tier",
                    "previous_raw_score",
                    "raw_score",
                    "raw_score_change",
                    "raw_score_change_pct",
                    "previous_rank",
                    "rank",
                    "rank_change",
                    "alerts",
                    "alert")
                .map(TierTransitions.SCHEMA::apply)
                .toArray(StructField[]::new));
    // October has no previous period: ranks 145 (1), 40 (2), 0.3 (3), -15 (4), nothing fires.
    // November, compared with October from the same run: c145's 1 login, 1 - 145 = -144,
    // -144 x 100 / 145 = -99.3103.. -> -99.31, power_user -> disengaged: both rules fire.
    Object[][] expected = {
      transition("c145", OCT_1, null, "power_user", null, "145", null, null, null, 1, null),
      transition("c40", OCT_1, null, "disengaged", null, "40", null, null, null, 2, null),
      transition("cdec", OCT_1, null, "disengaged", null, "0.3", null, null, null, 3, null),
      transition("cneg", OCT_1, null, "at_risk", null, "-15", null, null, null, 4, null),
      transition(
          "c145",
          NOV_1,
          "power_user",
          "disengaged",
          "145",
          "1",
          "-144",
          "-99.31",
          1,
          1,
          0,
          "fell_into:disengaged",
          "dropped_pct:50")
    };
    Dataset<Row> rows = spark().read().format("delta").load(transitions);
    assertDataFrameNoOrderEquals(
        df(columns, expected), rows.select(Columns.cols(columns.fieldNames())));
    assertThat(rows.select("run_id").distinct().collectAsList())
        .map(r -> r.getString(0))
        .containsExactly(both.runId());
    assertThat(both.part("alerts", Map.class))
        .contains(Map.of("fell_into:disengaged", 1L, "dropped_pct:50", 1L));
    Row detail = spark().sql("DESCRIBE DETAIL delta.`" + transitions + "`").first();
    assertThat(detail.<Integer>getAs("minReaderVersion")).isEqualTo(1);
    assertThat(detail.getList(detail.fieldIndex("partitionColumns")))
        .containsExactly("period_start");
    assertThat(detail.<String, String>getJavaMap(detail.fieldIndex("properties")))
        .containsEntry("delta.enableDeletionVectors", "false")
        .containsEntry("delta.constraints.rank_positive", "rank >= 1")
        .containsEntry(ScoreTable.SCHEMA_VERSION_PROPERTY, "1");
    assertThat(both.toJson())
        .endsWith(",\"alerts\":{\"fell_into:disengaged\":1,\"dropped_pct:50\":1}}");

    // Rescoring November alone compares it with October read from the score table, and replaces
    // November's transitions only.
    RunSummary rerun = ScoreJob.run(spark(), s, List.of(november));
    rows = spark().read().format("delta").load(transitions);
    assertDataFrameNoOrderEquals(
        df(columns, expected), rows.select(Columns.cols(columns.fieldNames())));
    assertThat(
            rows.filter(col("period_start").equalTo(NOV_1)).select("run_id").first().getString(0))
        .isEqualTo(rerun.runId());
    assertThat(rerun.part("alerts", Map.class))
        .contains(Map.of("fell_into:disengaged", 1L, "dropped_pct:50", 1L));
    // Off by default: no table, no alerts in the summary.
    assertThat(score("2026-10-15").toJson()).doesNotContain("alerts");
  }
}
