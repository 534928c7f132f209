package dev.engagement.score.core.views;

import dev.engagement.score.core.table.CatalogTable;
import dev.engagement.score.core.table.ScoreTable;
import dev.engagement.score.model.Period;
import dev.engagement.score.model.UserInputException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalog.Table;

/**
 * The views BI tools read beside the score table registered as {@code catalog.table}
 * (docs/output-table.md, "Views"): for each period kind a run writes, each customer's latest row of
 * that kind, and every row with the sub-scores as columns; their SQL is {@link ViewSql}'s. They
 * read the table by its catalog name, as BI users do, so the catalog's permissions on it apply and
 * a moved table needs registering again, not every view replaced.
 *
 * @param table the score table's catalog name
 * @param periodKinds the kinds the run writes, sorted; views of kinds written before are kept
 * @param categories the configured categories, sorted as in {@code sub_scores}; none: no sub-score
 *     columns
 */
public record BiViews(String table, List<String> periodKinds, List<String> categories) {
  /** The views of a run writing {@code periods}, with {@code categories}. */
  public static BiViews of(String table, List<Period> periods, Collection<String> categories) {
    return new BiViews(
        table,
        periods.stream().map(Period::kind).distinct().sorted().toList(),
        List.copyOf(categories));
  }

  /** The names of the views: the latest view of each kind, then the flat view. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    periodKinds.forEach(k -> names.add(ViewSql.latestName(table, k)));
    names.add(ViewSql.flatName(table));
    return names;
  }

  /**
   * Before any work: the categories make valid columns, and no view name is taken by a table (which
   * CREATE OR REPLACE VIEW would refuse after the scores are written).
   */
  public void check(SparkSession spark) {
    ViewSql.unfit(categories)
        .ifPresent(
            problem -> {
              throw new UserInputException(
                  "catalog.table "
                      + table
                      + ": "
                      + problem
                      + ", so they cannot be the columns of the view "
                      + ViewSql.flatName(table)
                      + ". Rename them (categories.weights and the weight table's category"
                      + " column), or unset catalog.table.");
            });
    for (String name : names()) {
      if (spark.catalog().tableExists(name)) {
        Table found = found(spark, name);
        if (!"VIEW".equals(found.tableType())) {
          throw new UserInputException(
              "catalog.table "
                  + table
                  + ": "
                  + name
                  + " is a table ("
                  + found.tableType()
                  + "), not a view; the job keeps a view of that name (docs/output-table.md,"
                  + " \"Views\"). Drop or rename that table, or choose another catalog.table.");
        }
      }
    }
  }

  /** The catalog's entry of {@code name}, which exists. */
  private static Table found(SparkSession spark, String name) {
    try {
      return spark.catalog().getTable(name);
    } catch (AnalysisException e) {
      throw new IllegalStateException("The catalog lists " + name + " but cannot look it up", e);
    }
  }

  /** After the table is registered: creates or replaces each view over its current columns. */
  public void create(SparkSession spark) {
    String source = CatalogTable.quoted(table);
    List<String> columns = List.of(spark.table(source).columns());
    ViewSql.Quotes quotes = ViewSql.Quotes.SPARK;
    for (String kind : periodKinds) {
      replace(
          spark,
          ViewSql.latestName(table, kind),
          "The latest " + kind + " row of each customer in " + table,
          ViewSql.latest(source, columns, kind, categories, quotes));
    }
    replace(
        spark,
        ViewSql.flatName(table),
        "Every row of " + table + ", the sub-scores as columns",
        ViewSql.flat(source, columns, categories, quotes));
  }

  private static void replace(SparkSession spark, String name, String comment, String query) {
    spark.sql(
        "CREATE OR REPLACE VIEW "
            + CatalogTable.quoted(name)
            + " COMMENT "
            + ScoreTable.sqlString(comment)
            + " AS\n"
            + query);
  }
}
