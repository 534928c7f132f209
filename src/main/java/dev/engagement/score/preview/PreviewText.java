package dev.engagement.score.preview;

import dev.engagement.score.model.Columns;
import dev.engagement.score.model.Period;
import java.math.BigDecimal;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;
import org.apache.spark.sql.Row;

/**
 * The {@code preview-weights} command's printed report: per period, the tier-migration matrix
 * (rows: tier with the current weights, columns: with the proposed ones) and the top movers, as
 * aligned text. "(not scored)" stands for a customer without a score on that side.
 */
public final class PreviewText {
  static final String NOT_SCORED = "(not scored)";

  private PreviewText() {}

  /**
   * @param tiers the configured tier names, in order
   * @param cells rows of {@link WeightChangePreview#MIGRATION_SCHEMA}
   * @param movers rows of {@link WeightChangePreview#MOVERS_SCHEMA}
   * @param normalized whether to show the normalized scores
   */
  public static String format(
      List<Period> periods,
      List<String> tiers,
      List<Row> cells,
      List<Row> movers,
      boolean normalized) {
    StringBuilder out = new StringBuilder();
    for (Period p : periods) {
      List<Row> periodCells = cells.stream().filter(r -> in(r, p)).toList();
      List<Row> periodMovers =
          movers.stream()
              .filter(r -> in(r, p))
              .sorted(Comparator.comparingInt(r -> r.getAs(WeightChangePreview.RANK)))
              .toList();
      long customers = periodCells.stream().mapToLong(PreviewText::customers).sum();
      long changed =
          periodCells.stream()
              .filter(r -> !Objects.equals(tier(r, true), tier(r, false)))
              .mapToLong(PreviewText::customers)
              .sum();
      out.append(
          String.format(
              "Weight-change preview, %s %s..%s: %d customers compared, %d change tier%n%n",
              p.kind(), p.start(), p.end(), customers, changed));
      out.append("Tier migration (rows: current weights, columns: proposed weights; customers)\n");
      out.append(matrix(tiers, periodCells)).append('\n');
      out.append(
          String.format(
              "Top %d movers (raw score or tier changed; largest |raw score change| first)%n",
              periodMovers.size()));
      out.append(moverTable(periodMovers, normalized)).append('\n');
    }
    return out.toString().stripTrailing();
  }

  private static boolean in(Row r, Period p) {
    return r.<String>getAs(Columns.PERIOD_KIND).equals(p.kind())
        && r.<Date>getAs(Columns.PERIOD_START).toLocalDate().equals(p.start());
  }

  private static long customers(Row r) {
    return r.<Long>getAs(WeightChangePreview.CUSTOMERS);
  }

  private static String tier(Row r, boolean current) {
    String tier =
        r.getAs(current ? WeightChangePreview.CURRENT_TIER : WeightChangePreview.PROPOSED_TIER);
    return tier == null ? NOT_SCORED : tier;
  }

  /** The configured tiers, then "(not scored)" on a side where some customer has no score. */
  private static String matrix(List<String> tiers, List<Row> cells) {
    List<String> rows = labels(tiers, cells, true);
    List<String> columns = labels(tiers, cells, false);
    List<List<String>> table = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("current \\ proposed"));
    header.addAll(columns);
    header.add("total");
    table.add(header);
    long[] columnTotals = new long[columns.size()];
    for (String row : rows) {
      List<String> line = new ArrayList<>(List.of(row));
      long total = 0;
      for (int c = 0; c < columns.size(); c++) {
        long n = count(cells, row, columns.get(c));
        line.add(Long.toString(n));
        columnTotals[c] += n;
        total += n;
      }
      line.add(Long.toString(total));
      table.add(line);
    }
    List<String> totals = new ArrayList<>(List.of("total"));
    long all = 0;
    for (long n : columnTotals) {
      totals.add(Long.toString(n));
      all += n;
    }
    totals.add(Long.toString(all));
    table.add(totals);
    return align(table, c -> c == 0);
  }

  private static List<String> labels(List<String> tiers, List<Row> cells, boolean current) {
    List<String> labels = new ArrayList<>(tiers);
    if (cells.stream().anyMatch(r -> tier(r, current).equals(NOT_SCORED))) {
      labels.add(NOT_SCORED);
    }
    return labels;
  }

  private static long count(List<Row> cells, String current, String proposed) {
    return cells.stream()
        .filter(r -> tier(r, true).equals(current) && tier(r, false).equals(proposed))
        .mapToLong(PreviewText::customers)
        .sum();
  }

  private static String moverTable(List<Row> movers, boolean normalized) {
    List<List<String>> table = new ArrayList<>();
    List<String> header =
        new ArrayList<>(List.of("rank", "customer", "current raw", "proposed raw", "change"));
    if (normalized) {
      header.addAll(List.of("current norm", "proposed norm"));
    }
    header.addAll(List.of("current tier", "proposed tier"));
    table.add(header);
    for (Row r : movers) {
      List<String> line = new ArrayList<>();
      line.add(r.getAs(WeightChangePreview.RANK).toString());
      line.add(r.getAs(Columns.CUSTOMER_ID));
      line.add(number(r.getAs(WeightChangePreview.CURRENT_RAW_SCORE)));
      line.add(number(r.getAs(WeightChangePreview.PROPOSED_RAW_SCORE)));
      BigDecimal change = r.getAs(Columns.RAW_SCORE_CHANGE);
      line.add((change.signum() > 0 ? "+" : "") + change.toPlainString());
      if (normalized) {
        line.add(number(r.getAs(WeightChangePreview.CURRENT_NORMALIZED_SCORE)));
        line.add(number(r.getAs(WeightChangePreview.PROPOSED_NORMALIZED_SCORE)));
      }
      line.add(tier(r, true));
      line.add(tier(r, false));
      table.add(line);
    }
    int columns = header.size();
    return align(table, c -> c == 1 || c >= columns - 2);
  }

  private static String number(BigDecimal value) {
    return value == null ? "-" : value.toPlainString();
  }

  /**
   * Columns padded to their widest cell: text columns ({@code left}) left-aligned, numbers right.
   */
  private static String align(List<List<String>> table, IntPredicate left) {
    int columns = table.get(0).size();
    int[] widths = new int[columns];
    for (List<String> line : table) {
      for (int c = 0; c < columns; c++) {
        widths[c] = Math.max(widths[c], line.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> line : table) {
      StringBuilder text = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        String cell = line.get(c);
        String pad = " ".repeat(widths[c] - cell.length());
        text.append(c == 0 ? "" : "  ").append(left.test(c) ? cell + pad : pad + cell);
      }
      out.append(text.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
