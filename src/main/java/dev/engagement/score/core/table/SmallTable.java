package dev.engagement.score.core.table;

import dev.engagement.score.config.SourceFormat;
import dev.engagement.score.model.UserInputException;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads an input table kept as CSV (with a header), Parquet or Delta, such as the weights or the
 * customer dimension. {@code AUTO}: a {@code .csv} suffix is CSV, a {@code _delta_log} is Delta,
 * anything else Parquet. CSV is read strictly ({@link CsvTable}): a row with more or fewer fields
 * than the header fails, where Spark's reader would drop or invent values.
 */
public final class SmallTable {
  private SmallTable() {}

  /**
   * @param what what the table holds, e.g. "weights", for messages
   * @param setting the key of its path, e.g. "weights.path"; its format is {@code <what>.format}
   */
  public static Dataset<Row> read(
      SparkSession spark, String path, SourceFormat format, String what, String setting) {
    StoragePath.requireExists(spark, path, what, setting);
    SourceFormat resolved = resolve(spark, path, format);
    try {
      return switch (resolved) {
        case CSV -> CsvTable.read(spark, path, what, setting);
        case DELTA -> spark.read().format("delta").load(path);
        default -> spark.read().parquet(path);
      };
    } catch (UserInputException e) {
      throw e;
    } catch (Exception e) {
      throw new UserInputException(
          "Cannot read "
              + what
              + " from "
              + path
              + " as "
              + resolved
              + ": "
              + e.getMessage()
              + ". Check "
              + setting
              + " and "
              + what
              + ".format.",
          e);
    }
  }

  private static SourceFormat resolve(SparkSession spark, String path, SourceFormat format) {
    if (format != SourceFormat.AUTO) {
      return format;
    }
    if (path.toLowerCase(Locale.ROOT).endsWith(".csv")) {
      return SourceFormat.CSV;
    }
    return StoragePath.isDelta(spark, path) ? SourceFormat.DELTA : SourceFormat.PARQUET;
  }
}
