package dev.engagement.score.io;

import static org.apache.spark.sql.functions.col;

import dev.engagement.score.Columns;
import dev.engagement.score.Fingerprint;
import dev.engagement.score.UserInputException;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SourceFormat;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads and validates the weight table ({@code event_type, weight}) from CSV, Parquet or Delta. The
 * table is small, so it is checked row by row on the driver in exact decimals: every problem fails
 * the run before any event is read.
 */
public final class WeightSource {
  public static final StructType SCHEMA =
      new StructType()
          .add(Columns.EVENT_TYPE, DataTypes.StringType, false)
          .add(Columns.WEIGHT, Columns.WEIGHT_TYPE, false);

  private WeightSource() {}

  /**
   * The validated weights: the table to join, its event types, and a fingerprint of its content.
   */
  public record WeightTable(Dataset<Row> rows, List<String> eventTypes, String hash) {}

  public static WeightTable read(SparkSession spark, JobSettings.Weights source) {
    String path = source.path();
    StoragePath.requireExists(spark, path, "weights", "weights.path (--weights)");
    SourceFormat format = resolve(spark, source);
    Dataset<Row> raw;
    try {
      raw =
          switch (format) {
            case CSV -> spark.read().option("header", "true").csv(path);
            case DELTA -> spark.read().format("delta").load(path);
            default -> spark.read().parquet(path);
          };
    } catch (Exception e) {
      throw new UserInputException(
          "Cannot read weights from "
              + path
              + " as "
              + format
              + ": "
              + e.getMessage()
              + ". Check weights.path and weights.format.",
          e);
    }
    requireColumns(raw, path);
    List<Row> values =
        raw.select(
                col(Columns.EVENT_TYPE).cast(DataTypes.StringType),
                col(Columns.WEIGHT).cast(DataTypes.StringType))
            .collectAsList();
    List<Row> weights = validate(values, path);
    Map<String, String> content = new HashMap<>();
    weights.forEach(r -> content.put(r.getString(0), r.getDecimal(1).toPlainString()));
    return new WeightTable(
        spark.createDataFrame(weights, SCHEMA),
        weights.stream().map(r -> r.getString(0)).toList(),
        Fingerprint.of(content));
  }

  private static SourceFormat resolve(SparkSession spark, JobSettings.Weights source) {
    if (source.format() != SourceFormat.AUTO) {
      return source.format();
    }
    if (source.path().toLowerCase(Locale.ROOT).endsWith(".csv")) {
      return SourceFormat.CSV;
    }
    return StoragePath.isDelta(spark, source.path()) ? SourceFormat.DELTA : SourceFormat.PARQUET;
  }

  private static void requireColumns(Dataset<Row> raw, String path) {
    StructField[] fields = raw.schema().fields();
    if (fields.length == 0) {
      throw new UserInputException(
          "Cannot read weights from "
              + path
              + ": it is empty (expected columns: event_type, weight).");
    }
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

  /** Checks every (event_type, weight) pair and returns them as rows of {@link #SCHEMA}. */
  static List<Row> validate(List<Row> values, String path) {
    if (values.isEmpty()) {
      throw new UserInputException(
          "Cannot read weights from " + path + ": it has a header but no weights.");
    }
    int scale = Columns.WEIGHT_TYPE.scale();
    int integerDigits = Columns.WEIGHT_TYPE.precision() - scale;
    Map<String, BigDecimal> seen = new HashMap<>();
    List<Row> rows = new ArrayList<>();
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
      BigDecimal previous = seen.put(type, weight);
      if (previous != null) {
        throw new UserInputException(
            "Duplicate event type '"
                + type
                + "' in "
                + path
                + " (weights "
                + previous
                + " and "
                + text
                + "): keep exactly one row per event type.");
      }
      rows.add(RowFactory.create(type, weight.setScale(scale)));
    }
    return rows;
  }
}
