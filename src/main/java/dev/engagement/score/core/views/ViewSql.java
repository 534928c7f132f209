package dev.engagement.score.core.views;

import dev.engagement.score.model.Columns;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The one place of the BI views' names and SQL (docs/output-table.md, "Views"): the job creates
 * them with it, the docs show its text ({@code ViewSqlTest} keeps them equal), and the Python
 * reader test runs the same text in DuckDB. Plain SQL that Spark 3.5, Spark 4 and DuckDB all run:
 * no {@code QUALIFY}, every column named. Only the identifier quotes differ ({@link Quotes}).
 */
public final class ViewSql {
  /** The prefix of a category's flat column: {@code sub_score_product}. */
  public static final String SUB_SCORE_PREFIX = "sub_score_";

  private static final String RANK = "latest_rank";

  /** The longest line of a column list, counting its indent: the docs show the text. */
  private static final int LINE = 100;

  private ViewSql() {}

  /** How a dialect quotes identifiers: Spark's backticks, or standard SQL's double quotes. */
  public enum Quotes {
    SPARK('`'),
    STANDARD('"');

    private final char mark;

    Quotes(char mark) {
      this.mark = mark;
    }

    /** {@code name} quoted, a quote inside it doubled. */
    public String quote(String name) {
      String m = String.valueOf(mark);
      return m + name.replace(m, m + m) + m;
    }
  }

  /** The view of each customer's latest row of {@code periodKind}: {@code <table>_latest_month}. */
  public static String latestName(String table, String periodKind) {
    return table + "_latest_" + periodKind;
  }

  /** The view of every row with the sub-scores as columns: {@code <table>_flat}. */
  public static String flatName(String table) {
    return table + "_flat";
  }

  /** A category's flat column: {@code sub_score_<category>}. */
  public static String subScoreColumn(String category) {
    return SUB_SCORE_PREFIX + category;
  }

  /**
   * The query of the flat view over {@code source} (a table name, or a reader's scan of the path)
   * with {@code columns}: each column but {@code sub_scores}, in the table's order, then one column
   * per category.
   */
  public static String flat(
      String source, List<String> columns, Collection<String> categories, Quotes quotes) {
    return "SELECT " + projection(columns, categories, quotes) + "\nFROM " + source;
  }

  /**
   * The query of the latest view of {@code periodKind}: the flat view's columns of each customer's
   * row of that kind with the latest {@code period_start}.
   */
  public static String latest(
      String source,
      List<String> columns,
      String periodKind,
      Collection<String> categories,
      Quotes quotes) {
    return "SELECT "
        + projection(columns, categories, quotes)
        + "\nFROM (\n  SELECT "
        + wrapped(columns.stream().map(quotes::quote).toList(), "    ")
        + ",\n    row_number() OVER (PARTITION BY "
        + Columns.CUSTOMER_ID
        + " ORDER BY "
        + Columns.PERIOD_START
        + " DESC) AS "
        + RANK
        + "\n  FROM "
        + source
        + "\n  WHERE "
        + Columns.PERIOD_KIND
        + " = "
        + literal(periodKind)
        + "\n) ranked\nWHERE "
        + RANK
        + " = 1";
  }

  /** The table's columns without the map, then {@code sub_scores['c'] AS sub_score_c} each. */
  private static String projection(
      List<String> columns, Collection<String> categories, Quotes quotes) {
    List<String> items = new ArrayList<>();
    columns.stream()
        .filter(c -> !c.equals(Columns.SUB_SCORES))
        .map(quotes::quote)
        .forEach(items::add);
    for (String category : categories) {
      items.add(
          Columns.SUB_SCORES
              + "["
              + literal(category)
              + "] AS "
              + quotes.quote(subScoreColumn(category)));
    }
    return wrapped(items, "  ");
  }

  /** {@code items} joined by commas, a new line with {@code indent} before one passing 100. */
  private static String wrapped(List<String> items, String indent) {
    StringBuilder text = new StringBuilder();
    int lineStart = 0;
    for (String item : items) {
      if (text.length() > 0) {
        text.append(",");
        if (text.length() - lineStart + item.length() + 1 > LINE) {
          text.append("\n").append(indent);
          lineStart = text.length() - indent.length();
        } else {
          text.append(" ");
        }
      }
      text.append(item);
    }
    return text.toString();
  }

  /**
   * What keeps {@code categories} from being flat columns, or empty: Spark reads a quote or a
   * backslash inside a string literal otherwise than DuckDB and the standard do, and resolves
   * column names ignoring case, so two categories differing only in case would be one column.
   */
  public static Optional<String> unfit(Collection<String> categories) {
    List<String> quoted =
        categories.stream().filter(c -> c.contains("'") || c.contains("\\")).toList();
    if (!quoted.isEmpty()) {
      return Optional.of("the categories " + quoted + " contain a quote (') or a backslash");
    }
    Map<String, List<String>> byCase =
        categories.stream()
            .collect(
                Collectors.groupingBy(
                    c -> c.toLowerCase(Locale.ROOT), TreeMap::new, Collectors.toList()));
    return byCase.values().stream()
        .filter(same -> same.size() > 1)
        .findFirst()
        .map(same -> "the categories " + same + " differ only in case");
  }

  /** A SQL string literal (checked by {@link #unfit}: no quote or backslash inside). */
  private static String literal(String text) {
    return "'" + text + "'";
  }
}
