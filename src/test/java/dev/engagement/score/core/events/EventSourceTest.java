package dev.engagement.score.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.TestFiles;
import dev.engagement.score.TestSchemas;
import dev.engagement.score.config.CustomerIdWhitespace;
import dev.engagement.score.config.IdScope;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SourceFormat;
import dev.engagement.score.config.TimeEncoding;
import dev.engagement.score.model.DateSpan;
import dev.engagement.score.model.PeriodCalendar;
import dev.engagement.score.model.PeriodKind;
import dev.engagement.score.model.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.datasources.FilePartition;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

class EventSourceTest extends SparkTestBase {
  @TempDir Path dir;

  private static final StructType EVENTS = TestSchemas.STORED_EVENTS;

  /** One event at noon UTC on every day of September to November 2026, partitioned by day. */
  private String writeDailyPartitions() {
    String path = dir.resolve("events").toString();
    Object[][] rows =
        Stream.iterate(
                LocalDate.parse("2026-09-01"),
                d -> !d.isAfter(LocalDate.parse("2026-11-30")),
                d -> d.plusDays(1))
            .map(
                d ->
                    new Object[] {
                      "c1",
                      "login",
                      Timestamp.from(d.atTime(12, 0).toInstant(ZoneOffset.UTC)),
                      Date.valueOf(d)
                    })
            .toArray(Object[][]::new);
    df(EVENTS, rows).coalesce(1).write().partitionBy("event_date").parquet(path);
    return path;
  }

  private static JobSettings.Events source(String path, Optional<String> partition) {
    return source(path, partition, TimeEncoding.TIMESTAMP);
  }

  private static JobSettings.Events source(
      String path, Optional<String> partition, TimeEncoding timeEncoding) {
    return new JobSettings.Events(
        path,
        SourceFormat.AUTO,
        "customer_id",
        "event_type",
        "event_ts",
        partition,
        ZoneOffset.UTC,
        Optional.of("event_id"),
        Instant.parse("2000-01-01T00:00:00Z"),
        1,
        Optional.empty(),
        CustomerIdWhitespace.WARN,
        false,
        timeEncoding,
        IdScope.CUSTOMER,
        false);
  }

  /** What {@link EventSource#read} finds at {@code path}, by {@code event_date}, first..last. */
  private EventSource.Found findDays(String path, String first, String last) {
    return EventSource.read(
        spark(),
        source(path, Optional.of("event_date")),
        new DateSpan(LocalDate.parse(first), LocalDate.parse(last)));
  }

  /** The events at {@code path}, partitioned by {@code event_date}, of the days first..last. */
  private Dataset<Row> readDays(String path, String first, String last) {
    return findDays(path, first, last).events();
  }

  private static List<LocalDate> scannedPartitions(Dataset<Row> ds) {
    return JavaConverters.seqAsJavaList(ds.queryExecution().sparkPlan().collectLeaves()).stream()
        .filter(FileSourceScanExec.class::isInstance)
        .flatMap(scan -> Arrays.stream(((FileSourceScanExec) scan).inputRDD().partitions()))
        .flatMap(split -> Arrays.stream(((FilePartition) split).files()))
        .map(file -> LocalDate.ofEpochDay(file.partitionValues().getInt(0)))
        .distinct()
        .sorted()
        .toList();
  }

  @Test
  void aMonthRunReadsOnlyThatMonthsPartitionsPlusOneDayOnEachSide() {
    String path = writeDailyPartitions();
    var periods =
        List.of(new PeriodCalendar(PeriodKind.MONTH, 30).containing(LocalDate.parse("2026-10-15")));
    JobSettings.Events source = source(path, Optional.of("event_date"));
    Dataset<Row> read =
        EventValidator.validate(
                EventSource.read(spark(), source, DateSpan.of(periods)).events(),
                source,
                ZoneOffset.UTC)
            .transform(
                e -> RejectTagger.tagTimes(e, Instant.EPOCH, Instant.parse("2027-01-01T00:00:00Z")))
            .transform(e -> DayAssigner.assign(e, DateSpan.of(periods), ZoneId.of("Asia/Tokyo")));

    List<LocalDate> scanned = scannedPartitions(read);
    // October's 31 days plus Sep 30 and Nov 1.
    assertThat(scanned).hasSize(33);
    assertThat(scanned.get(0)).isEqualTo(LocalDate.parse("2026-09-30"));
    assertThat(scanned.get(32)).isEqualTo(LocalDate.parse("2026-11-01"));
    // Noon UTC is 21:00 in Tokyo, the same day: exactly October's 31 events remain.
    assertThat(read.count()).isEqualTo(31);
  }

  @Test
  void withAPartitionColumnOnlyTheDaysDirectoriesAreListed() throws IOException {
    String path = writeDailyPartitions();
    // A damaged file on a day not read: never listed, never opened.
    Path september;
    try (Stream<Path> files = Files.walk(Path.of(path, "event_date=2026-09-10"))) {
      september = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().get();
    }
    TestFiles.truncate(september);
    Dataset<Row> read = readDays(path, "2026-10-05", "2026-10-05");
    // Oct 5 and a day on each side, the three files the scan holds.
    assertThat(read.inputFiles()).hasSize(3);
    assertThat(scannedPartitions(read))
        .containsExactly(
            LocalDate.parse("2026-10-04"),
            LocalDate.parse("2026-10-05"),
            LocalDate.parse("2026-10-06"));
    assertThat(read.count()).isEqualTo(3);
  }

  @Test
  void withAPartitionColumnButNoneOfTheDaysThereAreNoEventsAndNoFileIsRead() {
    String path = writeDailyPartitions();
    EventSource.Found found = findDays(path, "2027-03-01", "2027-03-31");
    Dataset<Row> read = found.events();
    assertThat(read.inputFiles()).isEmpty();
    assertThat(read.count()).isZero();
    // Known without reading: a scoring run fails before it records its start (BadInputJobTest).
    assertThat(found.nothingOnDisk()).isTrue();
    assertThat(findDays(path, "2026-10-01", "2026-10-31").nothingOnDisk()).isFalse();
  }

  @Test
  void partitionDirectoriesNamedOtherwiseAreReadWholeAndFiltered() {
    // event_date=2026-10-5: not the yyyy-MM-dd names the job looks for (and a string to Spark),
    // but a value that casts to the day.
    String path = dir.resolve("timestamped").toString();
    df(
            new StructType()
                .add("customer_id", DataTypes.StringType)
                .add("event_type", DataTypes.StringType)
                .add("event_ts", DataTypes.TimestampType)
                .add("event_date", DataTypes.StringType),
            new Object[] {"c1", "login", Timestamp.valueOf("2026-10-05 10:00:00"), "2026-10-5"},
            new Object[] {"c1", "login", Timestamp.valueOf("2026-11-09 10:00:00"), "2026-11-9"})
        .write()
        .partitionBy("event_date")
        .parquet(path);
    Dataset<Row> read = readDays(path, "2026-10-01", "2026-10-31");
    assertThat(read.count()).isEqualTo(1);
  }

  @Test
  void withoutAPartitionColumnEveryPartitionIsListed() {
    String path = writeDailyPartitions();
    Dataset<Row> read =
        EventSource.read(
                spark(),
                source(path, Optional.empty()),
                new DateSpan(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-31")))
            .events();
    assertThat(scannedPartitions(read)).hasSize(91);
  }

  @Test
  void detectsADeltaTable() {
    String path = dir.resolve("delta_events").toString();
    df(
            EVENTS,
            new Object[] {
              "c1", "login", Timestamp.valueOf("2026-10-05 10:00:00"), Date.valueOf("2026-10-05")
            })
        .write()
        .format("delta")
        .partitionBy("event_date")
        .save(path);
    Dataset<Row> read = readDays(path, "2026-10-01", "2026-10-31");
    assertThat(read.count()).isEqualTo(1);
  }

  @Test
  void aDirectoryWithoutDataFilesHasNoEventsWhateverTheTimeEncoding() throws IOException {
    String empty = Files.createDirectories(dir.resolve("no_events")).toString();
    DateSpan october = new DateSpan(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-31"));
    for (TimeEncoding encoding : TimeEncoding.values()) {
      JobSettings.Events source = source(empty, Optional.empty(), encoding);
      assertThat(
              EventValidator.validate(
                      EventSource.read(spark(), source, october).events(), source, ZoneOffset.UTC)
                  .count())
          .as("events read with %s", encoding)
          .isZero();
    }
  }

  @Test
  void aMissingPathOrPartitionColumnFailsWithTheFix() {
    assertThatThrownBy(
            () ->
                EventSource.read(
                    spark(),
                    source(dir.resolve("nope").toString(), Optional.empty()),
                    new DateSpan(LocalDate.MIN, LocalDate.MAX)))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("nope does not exist: check events.path (--events).");
    String path = writeDailyPartitions();
    assertThatThrownBy(
            () ->
                EventSource.read(
                    spark(),
                    source(path, Optional.of("dt")),
                    new DateSpan(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-31"))))
        .hasMessageContaining("The events have no partition column 'dt'")
        .hasMessageContaining("Fix events.partition_column");
  }

  @Test
  void aDamagedFileOrDeltaLogIsNamedWhenTheEventsAreRead() throws IOException {
    DateSpan october = new DateSpan(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-31"));
    String parquet = writeDailyPartitions();
    Path first;
    try (Stream<Path> files = Files.walk(Path.of(parquet, "event_date=2026-09-30"))) {
      first = files.filter(f -> f.toString().endsWith(".parquet")).sorted().findFirst().get();
    }
    // Spark reads the first file's footer for the schema: that of the first day read, the day
    // before October.
    TestFiles.truncate(first);
    assertThatThrownBy(
            () -> EventSource.read(spark(), source(parquet, Optional.of("event_date")), october))
        .isInstanceOf(UserInputException.class)
        .hasMessageStartingWith(
            "Cannot read file:"
                + first
                + ": it is not a valid Parquet file (truncated or corrupt).");

    String delta = dir.resolve("delta_events").toString();
    for (String day : List.of("2026-10-05", "2026-10-06")) {
      df(
              EVENTS,
              new Object[] {"c1", "login", Timestamp.valueOf(day + " 10:00:00"), Date.valueOf(day)})
          .write()
          .format("delta")
          .mode("append")
          .partitionBy("event_date")
          .save(delta);
    }
    // Delta loads the table's schema from the last version's checksum file, without the commit:
    // only planning the scan reads it.
    TestFiles.truncate(Path.of(delta, "_delta_log", "00000000000000000001.json"));
    assertThatThrownBy(
            () -> EventSource.read(spark(), source(delta, Optional.of("event_date")), october))
        .isInstanceOf(UserInputException.class)
        // Spark 3.5 does not say which commit ("a commit file is not valid JSON"), Spark 4 does.
        .hasMessageStartingWith("The Delta log of the table ")
        .hasMessageContaining(delta + " is damaged: ")
        .hasMessageContaining(" is not valid JSON (truncated or corrupt).");
  }
}
