package dev.engagement.score.feature.aggregate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.engagement.score.config.CustomerIdWhitespace;
import dev.engagement.score.config.IdScope;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.TimeEncoding;
import dev.engagement.score.core.table.DeltaCommits;
import dev.engagement.score.core.table.StoragePath;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.DateSpan;
import dev.engagement.score.model.Fingerprint;
import dev.engagement.score.model.UserInputException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The daily aggregate: an internal Delta table of event counts per customer, business day, event
 * type and reject reason, partitioned by {@code local_date}, so that a daily run reads only the
 * days it has not counted yet. Each stored day has one marker row ({@code event_count = 0}, every
 * other column null but the hash) saying "this day is complete", so that a day without events is
 * told apart from a day never counted. Every row carries {@code source_hash}, the fingerprint of
 * what the counts depend on (events location and columns, business time zone, earliest time, how
 * event ids are de-duplicated, the weight table's event types): a day stored under another hash is
 * counted again.
 */
public final class DailyAggregate {
  public static final String SOURCE_HASH = "source_hash";

  /** The table's columns: the daily counts, then the hash. */
  public static final StructType SCHEMA =
      new StructType()
          .add(Columns.CUSTOMER_ID, DataTypes.StringType)
          .add(Columns.LOCAL_DATE, DataTypes.DateType)
          .add(Columns.EVENT_TYPE, DataTypes.StringType)
          .add(Columns.REJECT_REASON, DataTypes.StringType)
          .add(Columns.EVENT_COUNT, DataTypes.LongType)
          .add(SOURCE_HASH, DataTypes.StringType);

  /**
   * What a run takes from where: {@code reuse} days come from the table, {@code read} days from the
   * events, and the {@code store} days (settled days among those read) are written back.
   */
  public record Plan(Optional<DateSpan> reuse, DateSpan read, Optional<DateSpan> store) {

    /**
     * The days of {@code span} up to the first one not in {@code stored} are reused; the rest are
     * read (always at least the last day, so that every run reads and checks its events). Days read
     * that end more than {@code rereadDays} days before {@code today} are settled and stored.
     */
    public static Plan of(DateSpan span, Set<LocalDate> stored, LocalDate today, int rereadDays) {
      LocalDate firstRead = span.first();
      while (firstRead.isBefore(span.last()) && stored.contains(firstRead)) {
        firstRead = firstRead.plusDays(1);
      }
      LocalDate lastSettled = today.minusDays(rereadDays + 1L);
      LocalDate lastStored = lastSettled.isBefore(span.last()) ? lastSettled : span.last();
      return new Plan(
          firstRead.isAfter(span.first())
              ? Optional.of(new DateSpan(span.first(), firstRead.minusDays(1)))
              : Optional.empty(),
          new DateSpan(firstRead, span.last()),
          lastStored.isBefore(firstRead)
              ? Optional.empty()
              : Optional.of(new DateSpan(firstRead, lastStored)));
    }
  }

  private DailyAggregate() {}

  /**
   * Checks, before any work, that {@code path} is new or a daily aggregate of this job. Returns the
   * fully qualified path.
   */
  public static String check(SparkSession spark, String path) {
    String qualified = StoragePath.qualify(spark, path);
    if (StoragePath.requireDeltaOrNew(
            spark, qualified, "aggregate", "aggregate.path (--aggregate)", "daily aggregate")
        && !columns(spark.read().format("delta").load(qualified).schema())
            .equals(columns(SCHEMA))) {
      throw new UserInputException(
          "aggregate.path "
              + qualified
              + " exists but is not a daily aggregate of this job (expected a Delta table with"
              + " columns "
              + columns(SCHEMA)
              + "). Point aggregate.path (--aggregate) at a new path, or leave it empty.");
    }
    return qualified;
  }

  /** The days of {@code span} stored under {@code sourceHash}. */
  public static Set<LocalDate> storedDays(
      SparkSession spark, String path, DateSpan span, String sourceHash) {
    if (!StoragePath.isDelta(spark, path)) {
      return Set.of();
    }
    return days(spark, path, span)
        .filter(col(Columns.EVENT_COUNT).equalTo(0).and(col(SOURCE_HASH).equalTo(sourceHash)))
        .select(Columns.LOCAL_DATE)
        .collectAsList()
        .stream()
        .map(r -> r.getDate(0).toLocalDate())
        .collect(Collectors.toSet());
  }

  /** The stored daily counts of {@code days} (markers left out). */
  public static Dataset<Row> read(SparkSession spark, String path, DateSpan days) {
    return days(spark, path, days)
        .filter(col(Columns.EVENT_COUNT).gt(0))
        .select(
            Columns.cols(
                Columns.CUSTOMER_ID,
                Columns.LOCAL_DATE,
                Columns.EVENT_TYPE,
                Columns.REJECT_REASON,
                Columns.EVENT_COUNT));
  }

  /**
   * Replaces the stored {@code days} with {@code dailyCounts}' rows of those days and one marker
   * per day, in one commit.
   */
  public static void write(
      Dataset<Row> dailyCounts, String path, DateSpan days, String sourceHash, String runId) {
    SparkSession spark = dailyCounts.sparkSession();
    List<Row> markers =
        days.first()
            .datesUntil(days.last().plusDays(1))
            .map(d -> RowFactory.create(null, java.sql.Date.valueOf(d), null, null, 0L, sourceHash))
            .toList();
    Dataset<Row> rows =
        dailyCounts
            .filter(col(Columns.LOCAL_DATE).between(days.first(), days.last()))
            .withColumn(SOURCE_HASH, lit(sourceHash))
            .select(Columns.cols(SCHEMA.fieldNames()))
            .unionByName(spark.createDataFrame(markers, SCHEMA));
    DeltaCommits.withRetry(
        path,
        () ->
            rows.write()
                .format("delta")
                .mode(SaveMode.Overwrite)
                .partitionBy(Columns.LOCAL_DATE)
                .option("replaceWhere", within(days))
                // One file per day (Delta's optimized write), not one per shuffle partition.
                .option("optimizeWrite", "true")
                .option("userMetadata", runId)
                .save(path));
  }

  /**
   * What daily counts depend on besides the events themselves: where and how the events are read
   * and de-duplicated, the business time zone and the known event types. A stored day counted under
   * another hash is counted again.
   */
  static String sourceHash(JobSettings settings, List<String> eventTypes) {
    JobSettings.Events e = settings.events();
    return Fingerprint.of(
        Map.of(
            "events",
            String.join(
                    "|",
                    e.path(),
                    e.format().toString(),
                    e.customerColumn(),
                    e.typeColumn(),
                    e.timeColumn(),
                    e.partitionColumn().orElse(""),
                    e.ntzTimezone().getId(),
                    e.idColumn().orElse(""),
                    e.minTime().toString())
                // They change the stored days' customer ids, reject reasons and times
                // (customer_id_integers only decides whether integer ids are read at all); left
                // out at their defaults, which count as before they existed, so that stored days
                // stay valid.
                + (e.customerIdWhitespace() == CustomerIdWhitespace.WARN
                    ? ""
                    : "|" + e.customerIdWhitespace())
                + (e.timeEncoding() == TimeEncoding.TIMESTAMP ? "" : "|" + e.timeEncoding())
                // Which events are duplicates (and whether any are looked for) changes the
                // stored days' counts: left out when no id column is read (nothing is compared)
                // and at the rule that was the only one before these settings (global, not
                // unique), so that the days it stored stay valid; the default customer scope
                // counts them again.
                + (e.idColumn().isEmpty() || e.idScope() == IdScope.GLOBAL
                    ? ""
                    : "|id_scope=" + e.idScope().setting())
                + (e.idColumn().isPresent() && e.uniqueIds() ? "|unique_ids" : ""),
            "timezone",
            settings.timezone().getId(),
            "event_types",
            String.join("\n", eventTypes.stream().sorted().toList())));
  }

  private static Dataset<Row> days(SparkSession spark, String path, DateSpan days) {
    return spark.read().format("delta").load(path).where(within(days));
  }

  private static String within(DateSpan days) {
    return String.format(
        "%s >= DATE'%s' AND %s <= DATE'%s'",
        Columns.LOCAL_DATE, days.first(), Columns.LOCAL_DATE, days.last());
  }

  private static List<String> columns(StructType schema) {
    return Arrays.stream(schema.fields())
        .map((StructField f) -> f.name() + " " + f.dataType().sql())
        .toList();
  }
}
