package dev.engagement.score.core.events;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SourceFormat;
import dev.engagement.score.core.table.SparkFailures;
import dev.engagement.score.core.table.StoragePath;
import dev.engagement.score.model.DateSpan;
import dev.engagement.score.model.UserInputException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the events (a Parquet directory, optionally Hive-partitioned, or a Delta table). With a
 * date partition column configured, only the partitions of the requested days plus one day on each
 * side are listed and read: the partition date may be in another zone than the business one, and no
 * zone is more than a day away from UTC.
 */
public final class EventSource {
  private EventSource() {}

  private static StructType emptySchema(JobSettings.Events source) {
    StructType schema =
        new StructType()
            .add(source.customerColumn(), DataTypes.StringType)
            .add(source.typeColumn(), DataTypes.StringType)
            // A type the time encoding reads, so that no events pass validation.
            .add(source.timeColumn(), EventTimes.types(source.timeEncoding()).get(0));
    return source
        .accountColumn()
        .map(account -> schema.add(account, DataTypes.StringType))
        .orElse(schema);
  }

  /**
   * What {@link #read} found.
   *
   * @param events the events read (their rows are read when they are counted)
   * @param nothingOnDisk no events, known without reading a file: none of the days' directories
   *     exists, or the directory holds no data file. A scoring run without stored counts then fails
   *     before it records its start (on_empty = fail).
   */
  public record Found(Dataset<Row> events, boolean nothingOnDisk) {}

  /**
   * The events of the days of {@code span} (and those around them, see above), or every event
   * without a partition column. The scan is planned here: a Delta table's log is read now, so that
   * a damaged one fails with the table's name, and Delta keeps the state it rebuilt for the run.
   */
  public static Found read(SparkSession spark, JobSettings.Events source, DateSpan span) {
    StoragePath.requireExists(spark, source.path(), "events", "events.path (--events)");
    SourceFormat format = source.format();
    if (format == SourceFormat.AUTO) {
      format =
          StoragePath.isDelta(spark, source.path()) ? SourceFormat.DELTA : SourceFormat.PARQUET;
    }
    Dataset<Row> events;
    try {
      Optional<Dataset<Row>> found =
          format == SourceFormat.DELTA
              ? Optional.of(spark.read().format("delta").load(source.path()))
              : parquet(spark, source, span);
      if (found.isEmpty()) {
        return noEvents(spark, source);
      }
      events = found.get();
    } catch (Exception e) {
      if (e instanceof AnalysisException a && "UNABLE_TO_INFER_SCHEMA".equals(a.getErrorClass())) {
        // A directory without data files.
        return noEvents(spark, source);
      }
      throw unreadable(e, source, format);
    }
    Dataset<Row> read = source.partitionColumn().map(p -> onlyDays(events, p, span)).orElse(events);
    try {
      read.queryExecution().optimizedPlan();
    } catch (Exception e) {
      throw unreadable(e, source, format);
    }
    return new Found(read, false);
  }

  /**
   * A Parquet directory. With a partition column, only the partition directories of the days read
   * ({@code column=yyyy-MM-dd}, found with one listing of the directory): a daily run plans three
   * days, not every day the lake holds. None of them, but other days in that layout: no events
   * (empty), without a footer read. No directory in that layout: the whole directory, filtered the
   * same way.
   */
  private static Optional<Dataset<Row>> parquet(
      SparkSession spark, JobSettings.Events source, DateSpan span) {
    Optional<String> column = source.partitionColumn();
    if (column.isEmpty()) {
      return Optional.of(spark.read().parquet(source.path()));
    }
    String prefix = column.get() + "=";
    List<String> dated = StoragePath.directories(spark, source.path(), prefix, ANY_DAY);
    if (dated.isEmpty()) {
      return Optional.of(spark.read().parquet(source.path()));
    }
    LocalDate first = span.first().minusDays(1);
    LocalDate last = span.last().plusDays(1);
    String[] days =
        dated.stream()
            .filter(
                dir -> {
                  Optional<LocalDate> day =
                      dayOf(dir.substring(dir.lastIndexOf(prefix) + prefix.length()));
                  return day.isPresent() && !day.get().isBefore(first) && !day.get().isAfter(last);
                })
            .toArray(String[]::new);
    return days.length == 0
        ? Optional.empty()
        : Optional.of(spark.read().option("basePath", source.path()).parquet(days));
  }

  /** The day a directory name holds, if it is a valid one (2026-13-45 matches the glob). */
  private static Optional<LocalDate> dayOf(String name) {
    try {
      return Optional.of(LocalDate.parse(name));
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** A Hadoop glob for the name of any day, {@code yyyy-MM-dd}. */
  private static final String ANY_DAY = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]";

  /** No events on disk: the on_empty setting decides what follows. */
  private static Found noEvents(SparkSession spark, JobSettings.Events source) {
    return new Found(spark.createDataFrame(List.of(), emptySchema(source)), true);
  }

  /** What the user can fix, named by the file or table at fault if Spark's failure tells. */
  private static UserInputException unreadable(
      Exception e, JobSettings.Events source, SourceFormat format) {
    return SparkFailures.explainReading(e, source.path())
        .orElseGet(
            () ->
                new UserInputException(
                    "Cannot read events from "
                        + source.path()
                        + " as "
                        + format
                        + ": "
                        + e.getMessage()
                        + ". Check events.path and events.format.",
                    e));
  }

  private static Dataset<Row> onlyDays(Dataset<Row> events, String partition, DateSpan span) {
    StructField field =
        Arrays.stream(events.schema().fields())
            .filter(f -> f.name().equals(partition))
            .findFirst()
            .orElseThrow(
                () ->
                    new UserInputException(
                        "The events have no partition column '"
                            + partition
                            + "'; found "
                            + Arrays.toString(events.columns())
                            + ". Fix events.partition_column, or leave it empty."));
    DataType type = field.dataType();
    if (!type.equals(DataTypes.DateType) && !type.equals(DataTypes.StringType)) {
      throw new UserInputException(
          "Events partition column '"
              + partition
              + "' has type "
              + type.sql()
              + "; expected DATE or yyyy-MM-dd strings. Fix events.partition_column.");
    }
    return events.filter(
        col(partition)
            .cast(DataTypes.DateType)
            .between(lit(span.first().minusDays(1)), lit(span.last().plusDays(1))));
  }
}
