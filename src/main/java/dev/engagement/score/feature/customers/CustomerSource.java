package dev.engagement.score.feature.customers;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.engagement.score.core.table.SmallTable;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.UserInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads and validates the customer dimension: one row per customer, with the first and last day
 * (inclusive, null: open) it is active and optionally the segment its scores are normalized in.
 * Problems (a missing column, a blank or repeated customer id, a date that is not one, an end
 * before the start) fail the run, with their counts, before any event is read.
 */
public final class CustomerSource {
  /** The validated dimension's columns. */
  public static final StructType SCHEMA =
      new StructType()
          .add(Columns.CUSTOMER_ID, DataTypes.StringType)
          .add(Columns.ACTIVE_FROM, DataTypes.DateType)
          .add(Columns.ACTIVE_TO, DataTypes.DateType)
          .add(Columns.SEGMENT, DataTypes.StringType);

  private CustomerSource() {}

  /**
   * @param segmentColumn the dimension's column that segments normalization, if any
   */
  static Dataset<Row> read(
      SparkSession spark, CustomerSettings source, Optional<String> segmentColumn) {
    String path = source.path();
    Dataset<Row> raw = SmallTable.read(spark, path, source.format(), "customers", "customers.path");
    List<String> columns = Arrays.asList(raw.columns());
    List<String> wanted = new ArrayList<>();
    wanted.add(source.idColumn());
    wanted.add(source.activeFromColumn());
    wanted.add(source.activeToColumn());
    segmentColumn.ifPresent(wanted::add);
    for (String name : wanted) {
      if (!columns.contains(name)) {
        throw new UserInputException(
            "Cannot read customers from "
                + path
                + ": column '"
                + name
                + "' is missing (found "
                + columns
                + "). Set customers.id_column, customers.active_from_column,"
                + " customers.active_to_column (and normalize.segment_column) to its columns.");
      }
    }
    Dataset<Row> customers =
        raw.select(
            trim(col(source.idColumn()).cast(DataTypes.StringType)).as(Columns.CUSTOMER_ID),
            date(source.activeFromColumn()).as(Columns.ACTIVE_FROM),
            date(source.activeToColumn()).as(Columns.ACTIVE_TO),
            segmentColumn
                .map(c -> col(c).cast(DataTypes.StringType))
                .orElse(lit(null).cast(DataTypes.StringType))
                .as(Columns.SEGMENT),
            col(source.activeFromColumn()).isNotNull().as("from_given"),
            col(source.activeToColumn()).isNotNull().as("to_given"));
    validate(customers, path, source);
    return customers.select(Columns.cols(SCHEMA.fieldNames()));
  }

  /** A DATE column as is; text (CSV) as yyyy-MM-dd, null when it is not a date. */
  private static Column date(String name) {
    return expr("try_cast(`" + name.replace("`", "``") + "` AS DATE)");
  }

  private static void validate(Dataset<Row> customers, String path, CustomerSettings s) {
    Row counts = counts(customers);
    long rows = counts.getLong(0);
    long blank = counts.isNullAt(2) ? 0 : counts.getLong(2);
    long repeated = rows - blank - counts.getLong(1);
    long badDates = counts.isNullAt(3) ? 0 : counts.getLong(3);
    long backwards = counts.isNullAt(4) ? 0 : counts.getLong(4);
    List<String> problems = new ArrayList<>();
    if (blank > 0) {
      problems.add(blank + " rows without a customer id (" + s.idColumn() + ")");
    }
    if (repeated > 0) {
      problems.add(
          repeated
              + " repeated customer ids (keep one row per customer, e.g. '"
              + repeatedExample(customers)
              + "')");
    }
    if (badDates > 0) {
      problems.add(
          badDates
              + " "
              + s.activeFromColumn()
              + "/"
              + s.activeToColumn()
              + " values that are not dates (use DATE or YYYY-MM-DD text; empty: open)");
    }
    if (backwards > 0) {
      problems.add(
          backwards
              + " customers whose "
              + s.activeToColumn()
              + " is before their "
              + s.activeFromColumn());
    }
    if (rows == 0) {
      problems.add("no customers at all");
    }
    if (!problems.isEmpty()) {
      throw new UserInputException(
          "Invalid customers in "
              + path
              + ": "
              + String.join("; ", problems)
              + ". Fix the customer dimension, or unset customers.path.");
    }
  }

  /**
   * One row: the rows, distinct non-blank ids, blank ids, rows with a date that is not one, and
   * rows whose end is before their start (the sums null when there are no rows).
   */
  private static Row counts(Dataset<Row> customers) {
    Column id = col(Columns.CUSTOMER_ID);
    return customers
        .agg(
            count(lit(1)),
            countDistinct(when(id.notEqual(""), id)),
            sum(when(id.isNull().or(id.equalTo("")), 1).otherwise(0)),
            sum(
                when(
                        col("from_given")
                            .and(col(Columns.ACTIVE_FROM).isNull())
                            .or(col("to_given").and(col(Columns.ACTIVE_TO).isNull())),
                        1)
                    .otherwise(0)),
            sum(when(col(Columns.ACTIVE_TO).lt(col(Columns.ACTIVE_FROM)), 1).otherwise(0)))
        .first();
  }

  private static String repeatedExample(Dataset<Row> customers) {
    return customers
        .groupBy(Columns.CUSTOMER_ID)
        .count()
        .filter(col("count").gt(1))
        .select(Columns.CUSTOMER_ID)
        .first()
        .getString(0);
  }
}
