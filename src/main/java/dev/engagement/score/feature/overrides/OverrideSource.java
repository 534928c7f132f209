package dev.engagement.score.feature.overrides;

import static org.apache.spark.sql.functions.col;

import dev.engagement.score.config.TierRules;
import dev.engagement.score.core.normalization.Normalization;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.core.table.SmallTable;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.UserInputException;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads and checks the manual overrides table (docs/overrides.md): a small table, read whole and
 * checked row by row before any event is read, so that one bad override fails the run with the rows
 * to fix and nothing is written.
 */
public final class OverrideSource {
  /**
   * An override the run applied to a row it wrote (see docs/overrides.md).
   *
   * @param score the forced score, if any
   * @param tier the forced tier, if any
   */
  public record Applied(
      String customerId,
      LocalDate periodStart,
      LocalDate periodEnd,
      Optional<BigDecimal> score,
      Optional<String> tier,
      String reason,
      String author) {}

  /** The table's columns, all required (score, tier and expires_on may be empty). */
  public static final List<String> COLUMNS =
      List.of(
          Columns.CUSTOMER_ID,
          Overrides.PERIOD_FROM,
          Overrides.PERIOD_TO,
          "score",
          "tier",
          "reason",
          "author",
          "expires_on");

  private static final int SHOWN_PROBLEMS = 5;

  /**
   * One override.
   *
   * @param row its 1-based row number in the table, for messages
   * @param expiresOn the last day a run applies it; empty: no expiry
   */
  public record Override(
      int row,
      String customerId,
      LocalDate periodFrom,
      LocalDate periodTo,
      Optional<BigDecimal> score,
      Optional<String> tier,
      String reason,
      String author,
      Optional<LocalDate> expiresOn) {

    /** Whether a run on {@code runDate} applies it. */
    public boolean inForce(LocalDate runDate) {
      return expiresOn.map(last -> !runDate.isAfter(last)).orElse(true);
    }

    /** Whether it covers the period ending on {@code periodEnd}. */
    public boolean covers(LocalDate periodEnd) {
      return !periodEnd.isBefore(periodFrom) && !periodEnd.isAfter(periodTo);
    }
  }

  private OverrideSource() {}

  /**
   * The overrides of {@code source}, all of them checked; those a run on {@code runDate} applies
   * may not overlap for a customer.
   *
   * @param tiers the configured tiers, which a forced tier must be one of
   * @param forced what a forced score replaces: the column's name, decimal places and, for a
   *     normalized score, its range
   */
  static List<Override> read(
      SparkSession spark,
      OverrideSettings source,
      TierRules tiers,
      ForcedScore forced,
      LocalDate runDate) {
    List<Row> rows = rows(spark, source);
    List<String> tierNames = tiers.tiers().stream().map(TierRules.Tier::name).toList();
    List<String> problems = new ArrayList<>();
    List<Override> overrides = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      int n = i + 1;
      List<String> bad = new ArrayList<>();
      Override override = override(rows.get(i), n, tierNames, forced, bad);
      if (bad.isEmpty()) {
        overrides.add(override);
      } else {
        problems.add("row " + n + ": " + String.join(", ", bad));
      }
    }
    if (problems.isEmpty()) {
      problems.addAll(overlaps(overrides, runDate));
    }
    requireNoProblems(problems, source.path());
    return List.copyOf(overrides);
  }

  /** The table's rows, its {@link #COLUMNS} as text; fails when one of them is missing. */
  private static List<Row> rows(SparkSession spark, OverrideSettings source) {
    Dataset<Row> raw =
        SmallTable.read(spark, source.path(), source.format(), "overrides", "overrides.path");
    List<String> found = Arrays.asList(raw.columns());
    List<String> missing = COLUMNS.stream().filter(c -> !found.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new UserInputException(
          "Cannot read overrides from "
              + source.path()
              + ": columns "
              + missing
              + " are missing (found "
              + found
              + "). The table needs "
              + COLUMNS
              + "; score, tier and expires_on may be empty.");
    }
    return raw.select(
            COLUMNS.stream()
                .map(c -> col(c).cast(DataTypes.StringType))
                .toArray(org.apache.spark.sql.Column[]::new))
        .collectAsList();
  }

  /**
   * The override in row {@code n} ({@code r}, 1-based), each of its problems added to {@code bad}:
   * it is valid only when there are none.
   */
  private static Override override(
      Row r, int n, List<String> tierNames, ForcedScore forced, List<String> bad) {
    String customer = text(r, 0);
    if (customer.isEmpty()) {
      bad.add("no customer_id");
    }
    LocalDate from = date(r, 1, "period_from", bad, true);
    LocalDate to = date(r, 2, "period_to", bad, true);
    if (from != null && to != null && to.isBefore(from)) {
      bad.add("period_to " + to + " is before period_from " + from);
    }
    Optional<BigDecimal> score = score(text(r, 3), forced, bad);
    Optional<String> tier = Optional.of(text(r, 4)).filter(t -> !t.isEmpty());
    tier.filter(t -> !tierNames.contains(t))
        .ifPresent(t -> bad.add("tier '" + t + "' is not one of the tiers " + tierNames));
    if (score.isEmpty() && tier.isEmpty() && text(r, 3).isEmpty()) {
      bad.add("neither a score nor a tier to force");
    }
    String reason = text(r, 5);
    String author = text(r, 6);
    if (reason.isEmpty()) {
      bad.add("no reason");
    }
    if (author.isEmpty()) {
      bad.add("no author");
    }
    LocalDate expires = date(r, 7, "expires_on", bad, false);
    return new Override(
        n, customer, from, to, score, tier, reason, author, Optional.ofNullable(expires));
  }

  /** Fails with the first {@code problems} of the table at {@code path}, if it has any. */
  private static void requireNoProblems(List<String> problems, String path) {
    if (!problems.isEmpty()) {
      throw new UserInputException(
          "Invalid overrides in "
              + path
              + " ("
              + problems.size()
              + " problems): "
              + String.join("; ", problems.subList(0, Math.min(SHOWN_PROBLEMS, problems.size())))
              + (problems.size() > SHOWN_PROBLEMS ? "; ..." : "")
              + ". Fix those rows (docs/overrides.md), or unset overrides.path; nothing was"
              + " written.");
    }
  }

  /** The overrides a run on {@code runDate} applies, as rows for {@link Overrides#apply}. */
  public static Dataset<Row> inForce(
      SparkSession spark, List<Override> overrides, LocalDate runDate) {
    return spark.createDataFrame(
        overrides.stream()
            .filter(o -> o.inForce(runDate))
            .map(
                o ->
                    RowFactory.create(
                        o.customerId(),
                        Date.valueOf(o.periodFrom()),
                        Date.valueOf(o.periodTo()),
                        o.score().orElse(null),
                        o.tier().orElse(null),
                        o.reason()))
            .toList(),
        Overrides.SCHEMA);
  }

  /**
   * The audit entries of the overrides a run on {@code runDate} applied to {@code rows} (customer,
   * period start, period end: the rows written with {@code overridden = true}).
   */
  public static List<Applied> applied(List<Override> overrides, LocalDate runDate, List<Row> rows) {
    List<Applied> applied = new ArrayList<>();
    for (Row row : rows) {
      String customer = row.getString(0);
      LocalDate start = row.getDate(1).toLocalDate();
      LocalDate end = row.getDate(2).toLocalDate();
      overrides.stream()
          .filter(o -> o.inForce(runDate) && o.customerId().equals(customer) && o.covers(end))
          .findFirst()
          .map(o -> new Applied(customer, start, end, o.score(), o.tier(), o.reason(), o.author()))
          .ifPresent(applied::add);
    }
    applied.sort(Comparator.comparing(Applied::customerId).thenComparing(Applied::periodStart));
    return List.copyOf(applied);
  }

  /** Two overrides in force for the same customer whose ranges share a day. */
  private static List<String> overlaps(List<Override> overrides, LocalDate runDate) {
    List<Override> live = overrides.stream().filter(o -> o.inForce(runDate)).toList();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < live.size(); i++) {
      for (int j = i + 1; j < live.size(); j++) {
        Override a = live.get(i);
        Override b = live.get(j);
        if (a.customerId().equals(b.customerId())
            && !a.periodTo().isBefore(b.periodFrom())
            && !b.periodTo().isBefore(a.periodFrom())) {
          problems.add(
              "rows "
                  + a.row()
                  + " and "
                  + b.row()
                  + " both cover customer "
                  + a.customerId()
                  + " on "
                  + (a.periodFrom().isAfter(b.periodFrom()) ? a.periodFrom() : b.periodFrom())
                  + " (keep one override per customer and day, or let one expire)");
        }
      }
    }
    return problems;
  }

  private static String text(Row r, int i) {
    return r.isNullAt(i) ? "" : r.getString(i).strip();
  }

  private static LocalDate date(Row r, int i, String name, List<String> bad, boolean required) {
    String value = text(r, i);
    if (value.isEmpty()) {
      if (required) {
        bad.add("no " + name);
      }
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      bad.add(name + " '" + value + "' is not a date (YYYY-MM-DD)");
      return null;
    }
  }

  private static Optional<BigDecimal> score(String value, ForcedScore forced, List<String> bad) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    BigDecimal score;
    try {
      score = new BigDecimal(value);
    } catch (NumberFormatException e) {
      bad.add("score '" + value + "' is not a number");
      return Optional.empty();
    }
    if (score.stripTrailingZeros().scale() > forced.scale()) {
      bad.add(
          "score "
              + value
              + " has more than "
              + forced.scale()
              + " decimal places (it replaces "
              + forced.column()
              + ")");
      return Optional.empty();
    }
    if (forced.range().isPresent()
        && (score.compareTo(forced.range().get().get(0)) < 0
            || score.compareTo(forced.range().get().get(1)) > 0)) {
      bad.add(
          "score "
              + value
              + " is outside "
              + forced.range().get().get(0)
              + ".."
              + forced.range().get().get(1)
              + ", the range of "
              + forced.column()
              + " (normalize.range_min..range_max)");
      return Optional.empty();
    }
    return Optional.of(score);
  }

  /**
   * The score a forced score replaces.
   *
   * @param column the column the tiers apply to
   * @param scale its decimal places
   * @param range its lowest and highest value, when it has a range
   */
  public record ForcedScore(String column, int scale, Optional<List<BigDecimal>> range) {
    /** The score the tiers of {@code rules} apply to. */
    static ForcedScore of(ScoreRules rules) {
      String tiered = rules.tieredColumn();
      Normalization n = rules.normalization();
      return tiered.equals(Columns.RAW_SCORE)
          ? new ForcedScore(tiered, Columns.RAW_SCORE_TYPE.scale(), Optional.empty())
          : new ForcedScore(
              tiered,
              Columns.NORMALIZED_SCORE_TYPE.scale(),
              // z-scores have no range.
              Optional.of(List.of(n.rangeMin(), n.rangeMax())).filter(range -> n.withinRange()));
    }
  }
}
