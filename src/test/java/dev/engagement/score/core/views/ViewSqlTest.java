package dev.engagement.score.core.views;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.core.scoring.OutputRows;
import dev.engagement.score.core.views.ViewSql.Quotes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The BI views' names and SQL text, and the docs showing that very text; no Spark. */
@Tag("fast")
class ViewSqlTest {
  private static final List<String> COLUMNS =
      List.of("customer_id", "period_kind", "period_start", "sub_scores", "tier");

  @Test
  void namesFollowTheCatalogTable() {
    assertThat(ViewSql.latestName("bi.scores", "rolling_30d"))
        .isEqualTo("bi.scores_latest_rolling_30d");
    assertThat(ViewSql.flatName("main.bi.scores")).isEqualTo("main.bi.scores_flat");
  }

  @Test
  void theLatestViewRanksEachCustomersRowsOfItsKind() {
    assertThat(ViewSql.latest("bi.s", COLUMNS, "month", List.of("product"), Quotes.SPARK))
        .isEqualTo(
            """
            SELECT `customer_id`, `period_kind`, `period_start`, `tier`, \
            sub_scores['product'] AS `sub_score_product`
            FROM (
              SELECT `customer_id`, `period_kind`, `period_start`, `sub_scores`, `tier`,
                row_number() OVER (PARTITION BY customer_id ORDER BY period_start DESC) AS latest_rank
              FROM bi.s
              WHERE period_kind = 'month'
            ) ranked
            WHERE latest_rank = 1""");
  }

  @Test
  void theFlatViewReplacesTheMapByOneColumnPerCategoryQuotedForTheDialect() {
    assertThat(
            ViewSql.flat(
                "delta_scan('/t')",
                COLUMNS,
                List.of("a \"b\"", "billing & plans"),
                Quotes.STANDARD))
        .isEqualTo(
            "SELECT \"customer_id\", \"period_kind\", \"period_start\", \"tier\","
                + " sub_scores['a \"b\"'] AS \"sub_score_a \"\"b\"\"\",\n"
                + "  sub_scores['billing & plans'] AS \"sub_score_billing & plans\"\n"
                + "FROM delta_scan('/t')");
    assertThat(ViewSql.flat("t", COLUMNS, List.of(), Quotes.SPARK))
        .as("no categories: no sub-score columns, and no map")
        .isEqualTo("SELECT `customer_id`, `period_kind`, `period_start`, `tier`\nFROM t");
    assertThat(Quotes.SPARK.quote("a`b")).isEqualTo("`a``b`");
  }

  @Test
  void categoriesThatCannotBeColumnsAreNamed() {
    assertThat(ViewSql.unfit(List.of("product", "billing & plans"))).isEmpty();
    assertThat(ViewSql.unfit(List.of("it's", "a\\b", "ok")))
        .contains("the categories [it's, a\\b] contain a quote (') or a backslash");
    assertThat(ViewSql.unfit(List.of("Product", "billing", "product")))
        .isEqualTo(Optional.of("the categories [Product, product] differ only in case"));
  }

  /** docs/output-table.md shows the SQL the job runs for its example, character for character. */
  @Test
  void theDocsShowTheViewsSql() throws IOException {
    String docs = Files.readString(Path.of("docs/output-table.md"));
    List<String> columns = List.of(OutputRows.SCHEMA.fieldNames());
    List<String> categories = List.of("product", "support");
    assertThat(sqlAfter(docs, "### `<catalog.table>_latest_<period_kind>`"))
        .isEqualTo(
            ViewSql.latest("`bi`.`engagement_scores`", columns, "month", categories, Quotes.SPARK));
    assertThat(sqlAfter(docs, "### `<catalog.table>_flat`"))
        .isEqualTo(ViewSql.flat("`bi`.`engagement_scores`", columns, categories, Quotes.SPARK));
  }

  /** The first ```sql block after the line {@code heading}, without its last newline. */
  private static String sqlAfter(String docs, String heading) {
    int start = docs.indexOf("\n" + heading + "\n");
    assertThat(start).as("docs/output-table.md has the heading %s", heading).isNotNegative();
    Matcher block = Pattern.compile("```sql\n(.*?)\n```", Pattern.DOTALL).matcher(docs);
    assertThat(block.find(start)).as("a sql block after %s", heading).isTrue();
    return block.group(1);
  }
}
