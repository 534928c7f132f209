package dev.engagement.score.core.weights;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.table.SmallTable;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.UserInputException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * Reads and validates the weight table ({@code event_type, weight}, optionally {@code valid_from,
 * valid_to} and {@code category}) from CSV, Parquet or Delta. The table is small, so it is checked
 * row by row on the driver in exact decimals: every problem fails the run before any event is read.
 *
 * <p>With the optional validity columns the table is a history: a type may have several rows whose
 * date ranges (both ends inclusive, an empty end open) do not overlap, and each period is scored
 * with the rows valid on its last day (see {@code PeriodWeights}).
 */
public final class WeightSource {
  /** The optional history columns: first and last day (inclusive) a weight applies. */
  public static final String VALID_FROM = "valid_from";

  public static final String VALID_TO = "valid_to";

  /** Where the user sets the weight table's path, for messages. */
  public static final String SETTING = "weights.path (--weights)";

  private WeightSource() {}

  /**
   * One weight, valid from {@code validFrom} to {@code validTo} (inclusive; null: open), of an
   * event type in {@code category} (null when the table has no category column).
   */
  public record Weight(
      String eventType,
      BigDecimal weight,
      LocalDate validFrom,
      LocalDate validTo,
      String category) {
    /** A weight without a category. */
    public Weight(String eventType, BigDecimal weight, LocalDate validFrom, LocalDate validTo) {
      this(eventType, weight, validFrom, validTo, null);
    }

    public boolean validOn(LocalDate day) {
      return (validFrom == null || !day.isBefore(validFrom))
          && (validTo == null || !day.isAfter(validTo));
    }

    /** The validity range as {@code from..to}, an open end empty. */
    String range() {
      return (validFrom == null ? "" : validFrom) + ".." + (validTo == null ? "" : validTo);
    }
  }

  /**
   * The validated weights and a fingerprint of the whole table (the audit table's {@code
   * weights_hash}, see {@link WeightHash}); {@code dated} when the table has validity columns.
   *
   * <p>Two tables with the same weights have the same hash whatever their file, row order or
   * notation. A table with {@code valid_from}/{@code valid_to} columns is a history even when every
   * range is open, and hashes differently from the same table without them, as it always has: the
   * hashes already recorded stay comparable. Its periods still get the {@code weights_version} of
   * the undated table, since a version depends on the weights a period used only.
   */
  public record WeightTable(List<Weight> weights, boolean dated, String hash) {
    /** Every event type with a weight in any row: the types that are not rejected as unknown. */
    public List<String> eventTypes() {
      return List.copyOf(
          weights.stream()
              .map(Weight::eventType)
              .collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    /** Each event type's category, for the types that have one (all or none do). */
    public Map<String, String> categories() {
      Map<String, String> categories = new TreeMap<>();
      weights.stream()
          .filter(w -> w.category() != null)
          .forEach(w -> categories.put(w.eventType(), w.category()));
      return categories;
    }

    /**
     * Checks that the table's categories are exactly the configured ones ({@code
     * categories.weights}), before any event is read: a type without a category would drop out of
     * the combined score, and a category without a combination weight would have no share in it.
     */
    public void requireCategories(Set<String> configured, String path) {
      if (configured.isEmpty()) {
        return;
      }
      Set<String> uncategorized = new TreeSet<>(eventTypes());
      uncategorized.removeAll(categories().keySet());
      if (!uncategorized.isEmpty()) {
        throw new UserInputException(
            "categories.weights is set, but the weight table "
                + path
                + " has no category column: add a 'category' column giving every event type one"
                + " of "
                + new TreeSet<>(configured)
                + ", or leave categories.weights empty.");
      }
      Set<String> used = new TreeSet<>(categories().values());
      Set<String> unlisted = new TreeSet<>(used);
      unlisted.removeAll(configured);
      Set<String> unused = new TreeSet<>(configured);
      unused.removeAll(used);
      if (!unlisted.isEmpty() || !unused.isEmpty()) {
        throw new UserInputException(
            "The categories of the weight table "
                + path
                + " "
                + used
                + " differ from those of categories.weights "
                + new TreeSet<>(configured)
                + ":"
                + (unlisted.isEmpty()
                    ? ""
                    : " not in categories.weights: " + unlisted + " (give each a weight there);")
                + (unused.isEmpty()
                    ? ""
                    : " no event type has category "
                        + unused
                        + " (remove it from"
                        + " categories.weights, or assign it to event types);")
                + " every category must have exactly one combination weight.");
      }
    }

    /** The weights valid on {@code day}, by event type. */
    public Map<String, BigDecimal> validOn(LocalDate day) {
      Map<String, BigDecimal> valid = new TreeMap<>();
      weights.stream()
          .filter(w -> w.validOn(day))
          .forEach(w -> valid.put(w.eventType(), w.weight()));
      return valid;
    }

    /**
     * The {@code weights_version} of a set of weights: SHA-256 of its types and weights, so equal
     * weights have equal versions whatever the file, row order or notation. For a table without
     * validity columns or categories it equals {@link #hash}.
     */
    public static String version(Map<String, BigDecimal> weights) {
      return WeightHash.version(weights);
    }
  }

  public static WeightTable read(SparkSession spark, JobSettings.Weights source) {
    return read(spark, source, SETTING);
  }

  /**
   * {@link #read(SparkSession, JobSettings.Weights)} of a table that may be set elsewhere than
   * {@code weights.path}, e.g. proposed weights.
   *
   * @param setting where the user sets its path, for messages: {@link #SETTING}, or e.g. {@code
   *     --proposed-weights}
   */
  public static WeightTable read(SparkSession spark, JobSettings.Weights source, String setting) {
    String path = source.path();
    Dataset<Row> raw = SmallTable.read(spark, path, source.format(), "weights", setting);
    requireColumns(raw, path);
    List<String> columns = Arrays.asList(raw.columns());
    boolean dated = columns.contains(VALID_FROM) || columns.contains(VALID_TO);
    List<Row> values =
        raw.select(
                col(Columns.EVENT_TYPE).cast(DataTypes.StringType),
                col(Columns.WEIGHT).cast(DataTypes.StringType),
                optionalText(columns, VALID_FROM),
                optionalText(columns, VALID_TO),
                optionalText(columns, Columns.CATEGORY))
            .collectAsList();
    return table(validate(values, path, columns.contains(Columns.CATEGORY)), dated);
  }

  /** The table of already validated {@code weights}. */
  public static WeightTable table(List<Weight> weights, boolean dated) {
    return new WeightTable(List.copyOf(weights), dated, WeightHash.of(weights, dated));
  }

  private static Column optionalText(List<String> columns, String name) {
    return columns.contains(name)
        ? col(name).cast(DataTypes.StringType)
        : lit(null).cast(DataTypes.StringType);
  }

  private static void requireColumns(Dataset<Row> raw, String path) {
    StructField[] fields = raw.schema().fields();
    for (String name : List.of(Columns.EVENT_TYPE, Columns.WEIGHT)) {
      StructField field =
          Arrays.stream(fields)
              .filter(f -> f.name().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new UserInputException(
                          "Cannot read weights from "
                              + path
                              + ": column '"
                              + name
                              + "' is missing (expected: event_type, weight; found "
                              + Arrays.toString(raw.columns())
                              + ")."));
      boolean ok =
          field.dataType().equals(DataTypes.StringType)
              || (name.equals(Columns.WEIGHT) && field.dataType() instanceof NumericType);
      if (!ok) {
        throw new UserInputException(
            "Cannot read weights from "
                + path
                + ": column '"
                + name
                + "' has type "
                + field.dataType().sql()
                + "; expected "
                + (name.equals(Columns.WEIGHT) ? "a number" : "STRING")
                + ".");
      }
    }
  }

  /**
   * Checks every (event_type, weight, valid_from, valid_to, category) row (dates as yyyy-MM-dd text
   * or null) and returns the weights.
   *
   * @param categorized whether the table has a category column: then every row needs one
   */
  static List<Weight> validate(List<Row> values, String path, boolean categorized) {
    if (values.isEmpty()) {
      throw new UserInputException(
          "Cannot read weights from " + path + ": it has a header but no weights.");
    }
    List<Weight> weights = new ArrayList<>();
    for (Row r : values) {
      String type = r.getString(0);
      String text = r.getString(1);
      String where = "Invalid weight in " + path + " for event type '" + type + "': ";
      if (type == null || type.isBlank() || !type.equals(type.strip())) {
        throw new UserInputException(
            "Invalid event type '"
                + type
                + "' in "
                + path
                + ": event types must be non-empty and have no leading or trailing spaces"
                + " (they are matched exactly).");
      }
      BigDecimal weight = number(text, where);
      LocalDate from = date(r.getString(2), VALID_FROM, where);
      LocalDate to = date(r.getString(3), VALID_TO, where);
      if (from != null && to != null && to.isBefore(from)) {
        throw new UserInputException(
            where + VALID_TO + " " + to + " is before " + VALID_FROM + " " + from + ".");
      }
      String category = r.getString(4);
      if (categorized
          && (category == null || category.isBlank() || !category.equals(category.strip()))) {
        throw new UserInputException(
            where
                + "category '"
                + (category == null ? "" : category)
                + "' is empty or has leading or trailing spaces. Give every row the category of"
                + " its type (e.g. product), or drop the category column.");
      }
      weights.add(new Weight(type, weight, from, to, category));
    }
    requireNoOverlap(weights, path);
    requireOneCategoryPerType(weights, path);
    return weights;
  }

  /** The weight {@code text} at the weight column's scale, checked to be a number that fits it. */
  private static BigDecimal number(String text, String where) {
    int scale = Columns.WEIGHT_TYPE.scale();
    int integerDigits = Columns.WEIGHT_TYPE.precision() - scale;
    if (text == null || text.isBlank()) {
      throw new UserInputException(where + "the weight is empty. Give every type a number.");
    }
    BigDecimal weight;
    try {
      weight = new BigDecimal(text.strip());
    } catch (NumberFormatException e) {
      throw new UserInputException(
          where + "'" + text + "' is not a number. Use a decimal such as -2.5 or 0.25.");
    }
    BigDecimal exact = weight.stripTrailingZeros();
    if (exact.scale() > scale || exact.precision() - exact.scale() > integerDigits) {
      throw new UserInputException(
          where
              + text
              + " does not fit DECIMAL("
              + Columns.WEIGHT_TYPE.precision()
              + ","
              + scale
              + "): use at most "
              + scale
              + " decimal places and "
              + integerDigits
              + " integer digits.");
    }
    return weight.setScale(scale);
  }

  /**
   * A type's dated rows must share its category: the combined score of one period would otherwise
   * depend on which row is valid, a change better made as a new event type.
   */
  private static void requireOneCategoryPerType(List<Weight> weights, String path) {
    Map<String, String> first = new TreeMap<>();
    for (Weight w : weights) {
      String earlier = first.putIfAbsent(w.eventType(), w.category());
      if (earlier != null && !earlier.equals(w.category())) {
        throw new UserInputException(
            "Event type '"
                + w.eventType()
                + "' in "
                + path
                + " has two categories, '"
                + earlier
                + "' and '"
                + w.category()
                + "': give all rows of a type the same category.");
      }
    }
  }

  private static LocalDate date(String text, String column, String where) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new UserInputException(
          where + column + " '" + text + "' is not a date. Use YYYY-MM-DD, or leave it empty.");
    }
  }

  /** A type's rows, ordered by valid_from, must each end before the next one starts. */
  private static void requireNoOverlap(List<Weight> weights, String path) {
    Map<String, List<Weight>> byType =
        weights.stream()
            .collect(Collectors.groupingBy(Weight::eventType, TreeMap::new, Collectors.toList()));
    byType.forEach(
        (type, rows) -> {
          List<Weight> ordered =
              rows.stream()
                  .sorted(
                      Comparator.comparing(
                          Weight::validFrom, Comparator.nullsFirst(Comparator.naturalOrder())))
                  .toList();
          for (int i = 1; i < ordered.size(); i++) {
            Weight earlier = ordered.get(i - 1);
            Weight later = ordered.get(i);
            if (earlier.validTo() == null
                || later.validFrom() == null
                || !earlier.validTo().isBefore(later.validFrom())) {
              throw new UserInputException(
                  "Duplicate event type '"
                      + type
                      + "' in "
                      + path
                      + ": weights "
                      + earlier.weight().stripTrailingZeros().toPlainString()
                      + " ("
                      + earlier.range()
                      + ") and "
                      + later.weight().stripTrailingZeros().toPlainString()
                      + " ("
                      + later.range()
                      + ") apply on the same days. Keep one row per event type, or give its"
                      + " rows valid_from..valid_to ranges (inclusive) that do not overlap.");
            }
          }
        });
  }
}
