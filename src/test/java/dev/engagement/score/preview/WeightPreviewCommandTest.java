package dev.engagement.score.preview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.ScoreJob;
import dev.engagement.score.SparkTestBase;
import dev.engagement.score.TestSchemas;
import dev.engagement.score.cli.PreviewCommandLine;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SettingsLoader;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.Period;
import dev.engagement.score.model.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preview-weights command on the example of docs/weight-preview.md, written as Parquet events
 * and CSV weights in a temp dir, through its Java entry ({@link WeightPreviewCommand#run}), with
 * the suite's session. Default tiers; normalize = minmax.
 *
 * <pre>
 * customer  October events               current (login 1,        proposed (login 2,
 *                                        project 5, cancel -20,   project 5, cancel -10,
 *                                        newsletter 2)            webinar 15)
 * ana       30 login, 5 project_added    55 somewhat_engaged      85 engaged          +30
 * bob       10 login, 1 cancellation     -10 at_risk              10 disengaged       +20
 * cy        20 login                     20 disengaged            40 disengaged       +20
 * dee       2 webinar_attended           not scored (unknown)     30 disengaged       +30
 * eve       8 project_added              40 disengaged            40 disengaged         0
 * fay       3 newsletter_opened          6 disengaged             not scored (unknown) -6
 * </pre>
 *
 * Normalized: current min -10, max 55: cy 30/65 x 100 = 46.15, fay 16/65 x 100 = 24.62; proposed
 * min 10, max 85: dee 20/75 x 100 = 26.67, cy 30/75 x 100 = 40.00.
 */
@Tag("job")
class WeightPreviewCommandTest extends SparkTestBase {
  @TempDir Path dir;
  private String events;
  private String current;
  private String proposed;

  private static void add(List<Object[]> rows, String customer, String type, int n) {
    for (int i = 0; i < n; i++) {
      LocalDate d = LocalDate.parse("2026-10-01").plusDays(i % 28);
      rows.add(
          new Object[] {
            customer, type, Timestamp.from(Instant.parse(d + "T09:00:00Z")), Date.valueOf(d)
          });
    }
  }

  @BeforeEach
  void writeInputs() throws IOException {
    List<Object[]> rows = new ArrayList<>();
    add(rows, "ana", "login", 30);
    add(rows, "ana", "project_added", 5);
    add(rows, "bob", "login", 10);
    add(rows, "bob", "cancellation_requested", 1);
    add(rows, "cy", "login", 20);
    add(rows, "dee", "webinar_attended", 2);
    add(rows, "eve", "project_added", 8);
    add(rows, "fay", "newsletter_opened", 3);
    events = dir.resolve("events").toString();
    df(TestSchemas.STORED_EVENTS, rows.toArray(Object[][]::new))
        .write()
        .partitionBy("event_date")
        .parquet(events);
    current =
        write(
            "current.csv",
            "event_type,weight\nlogin,1\nproject_added,5\ncancellation_requested,-20\n"
                + "newsletter_opened,2\n");
    proposed =
        write(
            "proposed.csv",
            "event_type,weight\nlogin,2\nproject_added,5\ncancellation_requested,-10\n"
                + "webinar_attended,15\n");
  }

  private String write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content).toString();
  }

  private String[] args(String... more) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "--events",
                events,
                "--weights",
                current,
                "--output",
                dir.resolve("scores").toString(),
                "--normalize",
                "minmax",
                "--date",
                "2026-10-31"));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  /**
   * The command as {@code launch} runs it once the arguments are parsed, on the suite's session.
   */
  private WeightPreviewCommand.Result run(String... more) {
    PreviewCommandLine cli = PreviewCommandLine.parse(args(more));
    JobSettings settings = SettingsLoader.load(cli.job().configFiles(), cli.job().overrides());
    List<Period> periods = cli.job().periods(settings, Clock.systemUTC());
    return WeightPreviewCommand.run(spark(), settings, periods, cli.proposedWeights());
  }

  @Test
  void printsTheMatrixAndTheMoversWritesTheReportAndNoScores() {
    String report = dir.resolve("report").toString();
    WeightPreviewCommand.Result result =
        run("--proposed-weights", proposed, "--top", "3", "--report", report);

    // Rows: ana somewhat_engaged -> engaged, bob at_risk -> disengaged, cy and eve disengaged ->
    // disengaged, fay disengaged -> (not scored), dee (not scored) -> disengaged: 6 customers, 4
    // change tier. Top 3 by |change|: ana 30, dee 30 (tie: by id), bob 20.
    assertThat(result.text())
        .isEqualTo(
            """
            Weight-change preview, month 2026-10-01..2026-10-31: 6 customers compared, 4 change tier

            Tier migration (rows: current weights, columns: proposed weights; customers)
            current \\ proposed  at_risk  disengaged  somewhat_engaged  engaged  power_user  (not scored)  total
            at_risk                   0           1                 0        0           0             0      1
            disengaged                0           2                 0        0           0             1      3
            somewhat_engaged          0           0                 0        1           0             0      1
            engaged                   0           0                 0        0           0             0      0
            power_user                0           0                 0        0           0             0      0
            (not scored)              0           1                 0        0           0             0      1
            total                     0           4                 0        1           0             1      6

            Top 3 movers (raw score or tier changed; largest |raw score change| first)
            rank  customer  current raw  proposed raw      change  current norm  proposed norm  current tier      proposed tier
               1  ana         55.000000     85.000000  +30.000000        100.00         100.00  somewhat_engaged  engaged
               2  dee                 -     30.000000  +30.000000             -          26.67  (not scored)      disengaged
               3  bob        -10.000000     10.000000  +20.000000          0.00           0.00  at_risk           disengaged""");
    assertThat(result.json())
        .startsWith("{\"command\":\"preview-weights\",\"run_id\":\"")
        .contains(
            "\"period_kind\":\"month\",\"periods\":[\"2026-10-01..2026-10-31\"],"
                + "\"customers_compared\":6,\"tier_changes\":4,")
        .contains(
            "\"report_path\":\"file:"
                + report
                + "\",\"report_version\":0,"); // created with its rows
    assertThat(dir.resolve("scores")).as("a preview writes no score table").doesNotExist();

    // The report: the 5 non-empty cells and the 3 movers.
    List<Row> rows =
        spark()
            .read()
            .format("delta")
            .load(report)
            .orderBy(WeightChangePreview.SECTION, WeightChangePreview.CURRENT_TIER)
            .select(
                WeightChangePreview.SECTION,
                WeightChangePreview.CURRENT_TIER,
                WeightChangePreview.PROPOSED_TIER,
                WeightChangePreview.CUSTOMERS,
                WeightChangePreview.RANK,
                Columns.CUSTOMER_ID,
                Columns.RAW_SCORE_CHANGE)
            .collectAsList();
    assertThat(rows)
        .map(Row::toString)
        .containsExactlyInAnyOrder(
            "[migration,null,disengaged,1,null,null,null]",
            "[migration,at_risk,disengaged,1,null,null,null]",
            "[migration,disengaged,disengaged,2,null,null,null]",
            "[migration,disengaged,null,1,null,null,null]",
            "[migration,somewhat_engaged,engaged,1,null,null,null]",
            "[mover,null,disengaged,null,2,dee,30.000000]",
            "[mover,at_risk,disengaged,null,3,bob,20.000000]",
            "[mover,somewhat_engaged,engaged,null,1,ana,30.000000]");

    // A second preview of the period replaces its rows: top 1 leaves 5 cells and 1 mover.
    run("--proposed-weights", proposed, "--top", "1", "--report", report);
    assertThat(spark().read().format("delta").load(report).count()).isEqualTo(6);
  }

  @Test
  void sameWeightsMoveNobody() {
    WeightPreviewCommand.Result result = run("--proposed-weights", current);

    assertThat(result.json()).contains("\"customers_compared\":5,\"tier_changes\":0,");
    assertThat(result.json()).contains("\"report_path\":null,\"report_version\":null,");
    assertThat(result.text())
        .endsWith(
            "Top 0 movers (raw score or tier changed; largest |raw"
                + " score change| first)\nrank  customer  current raw  proposed raw  change  current norm"
                + "  proposed norm  current tier  proposed tier");
  }

  @Test
  void badProposedWeightsFailBeforeAnyEventIsRead() throws IOException {
    // The events do not exist: a message about them would mean they were read first.
    events = dir.resolve("no-events").toString();
    String missing = dir.resolve("missing.csv").toString();
    assertThatThrownBy(() -> run("--proposed-weights", missing))
        .isInstanceOf(UserInputException.class)
        .hasMessage("The weights path " + missing + " does not exist: check --proposed-weights.");

    String notANumber = write("bad.csv", "event_type,weight\nlogin,two\n");
    assertThatThrownBy(() -> run("--proposed-weights", notANumber))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Invalid weight in "
                + notANumber
                + " for event type 'login': 'two' is not a number. Use a decimal such as -2.5 or"
                + " 0.25.");

    String noWeight = write("no-weight.csv", "event_type,points\nlogin,2\n");
    assertThatThrownBy(() -> run("--proposed-weights", noWeight))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Cannot read weights from "
                + noWeight
                + ": column 'weight' is missing (expected: event_type, weight; found [event_type,"
                + " points]).");

    // Caps are checked against both tables: the proposed one has no newsletter_opened.
    assertThatThrownBy(
            () -> run("--proposed-weights", proposed, "--set", "caps.newsletter_opened=1"))
        .isInstanceOf(UserInputException.class)
        .hasMessageStartingWith(
            "Invalid caps: event type 'newsletter_opened' has no weight in " + proposed + " ");
  }

  @Test
  void aMissingProposedFlagExitsWith2BeforeSparkStarts() {
    List<String> all = new java.util.ArrayList<>(List.of(PreviewCommandLine.NAME));
    all.addAll(List.of(args()));
    assertThat(ScoreJob.launch(all.toArray(String[]::new))).isEqualTo(UserInputException.EXIT_CODE);
  }
}
