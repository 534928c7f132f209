package dev.engagement.score.core.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.JobTestBase;
import dev.engagement.score.ScoreJob;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.model.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The BI views beside {@code catalog.table} as whole runs leave them (docs/output-table.md,
 * "Views"): each customer's latest row per period kind, the sub-scores as columns, replaced by each
 * run, and names taken by tables refused before any work.
 */
class BiViewsJobTest extends JobTestBase {
  /** A database of this class's own: another class may use the shared session's {@code bi}. */
  private static final String DB = "views_bi";

  private static final String TABLE = DB + ".scores";

  @BeforeEach
  void database() {
    spark().sql("CREATE DATABASE " + DB);
  }

  @AfterEach
  void dropDatabase() {
    spark().sql("DROP DATABASE " + DB + " CASCADE");
  }

  /**
   * The fixture's weights in two categories: product (login, team_member_added, project_added,
   * feature_used) and "billing & plans" (upgraded_to_paid, cancellation_requested), half each.
   */
  private JobSettings withCategories(String period) throws IOException {
    weights =
        Files.writeString(
                dir.resolve("weights.csv"),
                """
                event_type,weight,category
                login,1,product
                team_member_added,10,product
                project_added,5,product
                upgraded_to_paid,50,billing & plans
                cancellation_requested,-20,billing & plans
                feature_used,0.1,product
                """)
            .toString();
    Map<String, String> extra = new HashMap<>();
    extra.put("catalog.table", TABLE);
    extra.put("categories.weights", "{ product = 50, \"billing & plans\" = 50 }");
    extra.put("period", period);
    return settings(extra);
  }

  private void run(JobSettings s, String day) {
    ScoreJob.run(spark(), s, List.of(s.calendar().containing(LocalDate.parse(day))));
  }

  /** The latest view's rows: customer, period_start, raw_score and the two sub-score columns. */
  private List<String> latest(String kind) {
    return spark()
        .sql(
            "SELECT customer_id, period_start, raw_score, `sub_score_billing & plans`,"
                + " sub_score_product FROM "
                + ViewSql.latestName(TABLE, kind)
                + " ORDER BY customer_id")
        .collectAsList()
        .stream()
        .map(r -> r.mkString(" "))
        .toList();
  }

  /**
   * October: product sub_raw c145 30 + 40 + 25 = 95, cneg 5, c40 40, cdec 0.3 (min-max over 0.3 ..
   * 95: 100.00, 4.7 / 94.7 = 4.96, 39.7 / 94.7 = 41.92, 0.00); billing & plans c145 50, cneg -20,
   * c40 and cdec 0 (over -20 .. 50: 100.00, 0.00, 20 / 70 = 28.57 twice). November: c145 alone (one
   * login): the top of the range, 100.00, in both. Only c145 has a November row.
   */
  private static final List<String> LATEST_MONTH =
      List.of(
          "c145 2026-11-01 1.000000 100.00 100.00",
          "c40 2026-10-01 40.000000 28.57 41.92",
          "cdec 2026-10-01 0.300000 28.57 0.00",
          "cneg 2026-10-01 -15.000000 0.00 4.96");

  @Test
  void theLatestViewHoldsEachCustomersLatestRowAndTheFlatViewTheSubScoresAsColumns()
      throws IOException {
    JobSettings months = withCategories("month");
    run(months, "2026-10-15");
    run(months, "2026-11-15");

    assertThat(latest("month"))
        .as("c145's November row, the others' October rows")
        .isEqualTo(LATEST_MONTH);
    String flat = ViewSql.flatName(TABLE);
    assertThat(spark().table(flat).count())
        .as("every row: 4 in October, 1 in November")
        .isEqualTo(5);
    assertThat(
            spark()
                .sql(
                    "SELECT count(*) FROM "
                        + flat
                        + " f JOIN "
                        + TABLE
                        + " t USING (customer_id, period_kind, period_start)"
                        + " WHERE f.sub_score_product = t.sub_scores['product']"
                        + " AND f.`sub_score_billing & plans` = t.sub_scores['billing & plans']")
                .first()
                .getLong(0))
        .as("each flat column is the map's value")
        .isEqualTo(5);
    List<String> columns = new ArrayList<>(List.of(spark().table(TABLE).columns()));
    columns.remove("sub_scores");
    columns.addAll(List.of("sub_score_billing & plans", "sub_score_product"));
    assertThat(spark().table(flat).columns())
        .as("the table's columns but the map, then the sub-scores")
        .containsExactlyElementsOf(columns);
    assertThat(spark().table(ViewSql.latestName(TABLE, "month")).columns())
        .containsExactlyElementsOf(columns);
    assertThat(spark().table(flat).schema().catalogString())
        .contains("scored_at:timestamp,")
        .contains("sub_score_product:decimal(18,2)")
        .doesNotContain("map<")
        .doesNotContain("timestamp_ntz");
    Row detail = spark().sql("DESCRIBE DETAIL " + TABLE).first();
    assertThat(
            List.of(
                detail.<Integer>getAs("minReaderVersion"),
                detail.<Integer>getAs("minWriterVersion")))
        .as("the table's protocol, as without views")
        .containsExactly(1, 3);

    // A week run: a view of its own kind; the month's view is kept, and stays right.
    run(withCategories("week"), "2026-11-02");
    assertThat(latest("week")).containsExactly("c145 2026-11-02 1.000000 100.00 100.00");
    assertThat(latest("month")).isEqualTo(LATEST_MONTH);
    // November again: its view replaced, the same rows.
    run(months, "2026-11-15");
    assertThat(latest("month")).isEqualTo(LATEST_MONTH);
    assertThat(spark().table(flat).count()).as("4 October, 1 November, 1 week").isEqualTo(6);
  }

  @Test
  void aViewNameTakenByATableFailsTheRunBeforeAnyWork() throws IOException {
    String taken = ViewSql.latestName(TABLE, "month");
    spark()
        .sql(
            "CREATE TABLE "
                + taken
                + " (x INT) USING DELTA LOCATION '"
                + dir.resolve("someone-elses")
                + "'");
    JobSettings s = withCategories("month");
    assertThatThrownBy(() -> run(s, "2026-10-15"))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "catalog.table views_bi.scores: views_bi.scores_latest_month is a table (EXTERNAL), not"
                + " a view; the job keeps a view of that name (docs/output-table.md, \"Views\")."
                + " Drop or rename that table, or choose another catalog.table.");
    assertThat(Files.exists(dir.resolve("scores"))).as("nothing written").isFalse();
    assertThat(spark().catalog().tableExists(TABLE)).as("nothing registered").isFalse();
  }

  @Test
  void categoriesThatCannotBeColumnsFailTheRunBeforeAnyWork() throws IOException {
    Map<String, String> extra = new HashMap<>();
    extra.put("catalog.table", TABLE);
    extra.put("categories.weights", "{ Product = 50, product = 50 }");
    JobSettings s = settings(extra);
    assertThatThrownBy(() -> run(s, "2026-10-15"))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "catalog.table views_bi.scores: the categories [Product, product] differ only in case,"
                + " so they cannot be the columns of the view views_bi.scores_flat. Rename them"
                + " (categories.weights and the weight table's category column), or unset"
                + " catalog.table.");
    assertThat(Files.exists(dir.resolve("scores"))).as("nothing written").isFalse();
  }
}
