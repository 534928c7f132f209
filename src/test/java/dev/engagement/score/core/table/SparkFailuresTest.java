package dev.engagement.score.core.table;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.TestFiles;
import dev.engagement.score.TestSchemas;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.errors.QueryExecutionErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real broken inputs, read as {@link EventSource} reads them, and what Spark 3.5 and Delta 3.3
 * throw for each: whether it is explained as bad input, naming the file or table and the fix. Files
 * are corrupted without their local {@code .crc} sidecar, as on HDFS or object stores (Hadoop's
 * local file system would otherwise report a checksum error first).
 */
class SparkFailuresTest extends SparkTestBase {
  /**
   * Spark 4 names the file a task was reading in every failure (its FAILED_READ_FILE error), where
   * Spark 3.5 does not say which file in two cases below.
   */
  private static final boolean SPARK_NAMES_EVERY_FILE =
      Integer.parseInt(org.apache.spark.package$.MODULE$.SPARK_VERSION().split("\\.")[0]) >= 4;

  @TempDir static Path shared;
  private static Path template;
  @TempDir Path dir;

  private Dataset<Row> events(String... customers) {
    Object[][] rows =
        Arrays.stream(customers)
            .map(
                c ->
                    new Object[] {
                      c,
                      "login",
                      Timestamp.valueOf("2026-10-02 10:00:00"),
                      Date.valueOf("2026-10-02")
                    })
            .toArray(Object[][]::new);
    return df(TestSchemas.STORED_EVENTS, rows);
  }

  /** Writes {@code rows} as the one Parquet file {@code file} (without a checksum sidecar). */
  private Path parquetFile(Dataset<Row> rows, Path file) throws IOException {
    Path written = Files.createTempDirectory(dir, "written").resolve("rows");
    rows.coalesce(1).write().parquet(written.toString());
    Files.createDirectories(file.getParent());
    return Files.move(dataFiles(written).get(0), file, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * A copy of a Delta table of three one-event commits (versions 0 to 2), written once for the
   * class: Delta writes take seconds, copies none.
   */
  private String deltaTable(String name) throws IOException {
    if (template == null) {
      template = shared.resolve("template");
      for (int i = 0; i < 3; i++) {
        events("c" + i)
            .coalesce(1)
            .write()
            .format("delta")
            .mode("append")
            .save(template.toString());
      }
    }
    Path copy = dir.resolve(name);
    try (Stream<Path> files = Files.walk(template)) {
      for (Path file : files.toList()) {
        Files.copy(file, copy.resolve(template.relativize(file).toString()));
      }
    }
    return copy.toString();
  }

  private static List<Path> dataFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(f -> Files.isRegularFile(f) && f.toString().endsWith(".parquet"))
          .sorted()
          .toList();
    }
  }

  private static Path log(String table, String file) {
    return Path.of(table, "_delta_log", file);
  }

  /** Replaces a file's bytes, dropping the checksum sidecar that would give the damage away. */
  private static void overwrite(Path file, byte[] bytes) throws IOException {
    Files.write(file, bytes);
    Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
  }

  private static String uri(Path file) {
    return "file:" + file;
  }

  private static String explained(Throwable failure) {
    assertThat(failure).as("the broken input fails the run").isNotNull();
    return SparkFailures.explain(failure)
        .orElseThrow(() -> new AssertionError("not explained as bad input", failure))
        .getMessage();
  }

  private static String explainedReading(Throwable failure, String table) {
    assertThat(failure).as("the broken input fails the run").isNotNull();
    return SparkFailures.explainReading(failure, table)
        .orElseThrow(() -> new AssertionError("not explained as bad input", failure))
        .getMessage();
  }

  /** What reading every row throws (a count could answer from metadata without the rows). */
  private static Throwable whenCollected(Dataset<Row> read) {
    return catchThrowable(read::collectAsList);
  }

  private Throwable whenCollected(String parquetDir) {
    return whenCollected(spark().read().parquet(parquetDir));
  }

  private Throwable whenCollectedDelta(String table) {
    return whenCollected(spark().read().format("delta").load(table));
  }

  @Test
  void aTruncatedParquetFileIsNamedWhenSparkReadsItsSchema() throws IOException {
    Path file = parquetFile(events("c1"), dir.resolve("events/a.parquet"));
    TestFiles.truncate(file);
    // Spark reads the first file's footer for the schema, at read time.
    String message =
        explained(catchThrowable(() -> spark().read().parquet(file.getParent().toString())));
    assertThat(message)
        .isEqualTo(
            "Cannot read "
                + uri(file)
                + ": it is not a valid Parquet file (truncated or corrupt). Restore it upstream (or"
                + " remove it, if its rows can be lost), then rerun.");
  }

  @Test
  void aFileThatNoLongerMatchesItsChecksumIsNamed() throws IOException {
    Path events = dir.resolve("events");
    events("c1").coalesce(1).write().parquet(events.toString());
    Path file = dataFiles(events).get(0);
    byte[] bytes = Files.readAllBytes(file);
    // Hadoop's local file system keeps a checksum beside each file it writes, as HDFS does.
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
    assertThat(explained(catchThrowable(() -> spark().read().parquet(events.toString()))))
        .startsWith(
            "Cannot read "
                + uri(file)
                + ": it does not match its checksum (truncated or corrupt).");
  }

  @Test
  void aTruncatedOrForeignFileIsNamedWhenATaskReadsIt() throws IOException {
    for (String damage : List.of("truncated", "garbage")) {
      Path events = dir.resolve(damage);
      parquetFile(events("c1"), events.resolve("a.parquet"));
      Path bad = parquetFile(events("c2"), events.resolve("b.parquet"));
      if (damage.equals("truncated")) {
        TestFiles.truncate(bad);
      } else {
        overwrite(bad, "customer_id,event_type\nc2,login\n".getBytes());
      }
      assertThat(explained(whenCollected(events.toString())))
          .as(damage)
          .startsWith("Cannot read " + uri(bad) + ": it is not a valid Parquet file");
    }
  }

  @Test
  void aCorruptPageIsNamedAndCorruptMetadataDescribed() throws IOException {
    Path events = dir.resolve("events");
    parquetFile(events("c1"), events.resolve("a.parquet"));
    Path bad = parquetFile(events("c2", "c3"), events.resolve("b.parquet"));
    byte[] bytes = Files.readAllBytes(bad);
    // The first page header follows the 4-byte magic: Spark meets it in its first batch.
    Arrays.fill(bytes, 4, 20, (byte) 0x7f);
    overwrite(bad, bytes);
    assertThat(explained(whenCollected(events.toString())))
        .startsWith("Cannot read " + uri(bad) + ": it is not a valid Parquet file");

    // Metadata that does not decode fails before Spark knows which file it reads.
    bytes = Files.readAllBytes(parquetFile(events("c2", "c3"), events.resolve("b.parquet")));
    int footer =
        ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    int start = bytes.length - 8 - footer;
    Arrays.fill(bytes, start, start + footer / 2, (byte) 0x7f);
    overwrite(bad, bytes);
    Throwable failure = whenCollected(events.toString());
    if (SPARK_NAMES_EVERY_FILE) {
      assertThat(explained(failure))
          .startsWith("Cannot read " + uri(bad) + ": it is not a valid Parquet file");
      return;
    }
    assertThat(explained(failure))
        .isEqualTo(
            "A file read by the job is not a valid Parquet file (truncated or corrupt), and Spark"
                + " does not say which one. Find it by reading the files one at a time"
                + " (spark.read.parquet(file).collect()), restore it upstream, then rerun.");
    assertThat(explainedReading(failure, events.toString()))
        .startsWith("A file under " + events + " is not a valid Parquet file");
  }

  @Test
  void aParquetFileDeletedAfterListingIsNamed() throws IOException {
    Path events = dir.resolve("events");
    parquetFile(events("c1"), events.resolve("a.parquet"));
    Path gone = parquetFile(events("c2"), events.resolve("b.parquet"));
    Dataset<Row> read = spark().read().parquet(events.toString());
    Files.delete(gone);
    assertThat(explained(whenCollected(read)))
        .isEqualTo(
            "Cannot read "
                + uri(gone)
                + ": it was listed for this run but no longer exists (deleted or replaced while the"
                + " job ran, or deleted from a Delta table without a commit). Rerun; if it fails"
                + " again, restore the file, or drop it from its Delta table's log with FSCK"
                + " REPAIR TABLE, then rerun.");
  }

  @Test
  void aDataFileMissingFromADeltaTableIsNamed() throws IOException {
    String table = deltaTable("events");
    Path gone = dataFiles(Path.of(table)).get(0);
    Files.delete(gone);
    assertThat(explained(whenCollectedDelta(table)))
        .startsWith(
            "Cannot read " + uri(gone) + ": it was listed for this run but no longer exists")
        .contains("FSCK REPAIR TABLE");
  }

  @Test
  void aCommitThatIsNotJsonIsNamedWithItsTable() throws IOException {
    String table = deltaTable("events");
    Path commit = log(table, "00000000000000000001.json");
    overwrite(commit, "{\"add\":{\"path\":\"part-0".getBytes());
    // Broken from its first line: Spark names the file.
    assertThat(explained(whenCollectedDelta(table)))
        .isEqualTo(
            "The Delta log of the table "
                + uri(Path.of(table))
                + " is damaged: "
                + uri(commit)
                + " is not valid JSON (truncated or corrupt). Restore "
                + uri(Path.of(table))
                + "/_delta_log/ from a backup, or have the table rewritten upstream, then rerun.");
  }

  @Test
  void aTruncatedCommitIsExplainedOnlyWithTheTableBeingRead() throws IOException {
    String table = deltaTable("events");
    TestFiles.truncate(log(table, "00000000000000000002.json"));
    // Broken past its first line: Spark 3.5 does not say which file, nor which table.
    Throwable failure = whenCollectedDelta(table);
    if (SPARK_NAMES_EVERY_FILE) {
      assertThat(explained(failure))
          .contains("is damaged: ", "/_delta_log/00000000000000000002.json is not valid JSON");
      return;
    }
    assertThat(SparkFailures.explain(failure)).as("no table to name").isEmpty();
    assertThat(explainedReading(failure, table))
        .startsWith(
            "The Delta log of the table "
                + table
                + " is damaged: a commit file is not valid JSON (truncated or corrupt). Restore "
                + table
                + "/_delta_log/ from a backup");
  }

  @Test
  void missingCommitsAreExplainedWithTheTable() throws IOException {
    String middle = deltaTable("middle");
    Files.delete(log(middle, "00000000000000000001.json"));
    // Delta lists the log at read time.
    Throwable failure = catchThrowable(() -> spark().read().format("delta").load(middle));
    assertThat(explainedReading(failure, middle))
        .startsWith(
            "The Delta log of the table "
                + middle
                + " is damaged: commit files are missing (versions 0, 2 are not contiguous).");

    String first = deltaTable("first");
    Files.delete(log(first, "00000000000000000000.json"));
    failure = catchThrowable(() -> spark().read().format("delta").load(first));
    assertThat(explainedReading(failure, first))
        .contains("its first commit files are missing and no checkpoint replaces them");
  }

  @Test
  void aBrokenCheckpointIsExplained() throws IOException {
    String missing = deltaTable("missing");
    DeltaLog.forTable(spark(), missing).checkpoint();
    Files.delete(log(missing, "00000000000000000002.checkpoint.parquet"));
    // With every commit still there, Delta replays them: nothing to explain.
    assertThat(spark().read().format("delta").load(missing).count()).isEqualTo(3);
    // A run reads the log afresh; this session keeps the state it has read.
    DeltaLog.clearCache();
    Files.delete(log(missing, "00000000000000000000.json"));
    Throwable failure = catchThrowable(() -> spark().read().format("delta").load(missing));
    assertThat(explainedReading(failure, missing))
        .contains(
            "the checkpoint of version 2 named by _last_checkpoint is missing or incomplete, and"
                + " the commits before it are gone");

    String truncated = deltaTable("truncated");
    DeltaLog.forTable(spark(), truncated).checkpoint();
    Path checkpoint = log(truncated, "00000000000000000002.checkpoint.parquet");
    TestFiles.truncate(checkpoint);
    DeltaLog.clearCache();
    assertThat(explained(whenCollectedDelta(truncated)))
        .startsWith(
            "The Delta log of the table "
                + uri(Path.of(truncated))
                + " is damaged: "
                + uri(checkpoint)
                + " is not a valid Parquet file (truncated or corrupt).");
  }

  @Test
  void aColumnStoredWithAnotherTypeIsNamed() throws IOException {
    Path events = dir.resolve("events");
    parquetFile(events("c1"), events.resolve("a.parquet"));
    Path other =
        parquetFile(
            spark()
                .range(1)
                .selectExpr(
                    "CAST(id AS INT) AS customer_id",
                    "'login' AS event_type",
                    "TIMESTAMP'2026-10-02 10:00:00' AS event_ts",
                    "DATE'2026-10-02' AS event_date"),
            events.resolve("b.parquet"));
    assertThat(explained(whenCollected(events.toString())))
        .isEqualTo(
            "Cannot read "
                + uri(other)
                + ": it stores the column customer_id as INT32, where the schema read from the"
                + " other files says string. Rewrite it upstream with the same column types as the"
                + " other files, then rerun.");
  }

  @Test
  void internalFailuresAreNotExplained() {
    Throwable contract =
        catchThrowable(
            () ->
                spark()
                    .range(1)
                    .select(raise_error(lit("A scored row breaks the output contract")))
                    .collectAsList());
    assertThat(contract).as("a broken invariant fails the run").isNotNull();
    String lost =
        "Job aborted due to stage failure: Task 0 in stage 3.0 failed 4 times, most recent"
            + " failure: Lost task 0.3 in stage 3.0 (TID 9) (10.0.0.7 executor 2):"
            + " ExecutorLostFailure (executor 2 exited caused by one of the running tasks)";
    Throwable storage =
        new SparkException(
            "Job aborted due to stage failure",
            QueryExecutionErrors.cannotReadFilesError(
                new IOException("Connection reset"), "s3a://bucket/events/b.parquet"));
    for (Throwable failure :
        List.of(
            contract,
            new IllegalStateException("bug"),
            new SparkException(lost),
            storage,
            new OutOfMemoryError("Java heap space"))) {
      assertThat(SparkFailures.explain(failure)).as(failure.toString()).isEmpty();
      assertThat(SparkFailures.explainReading(failure, "s3a://bucket/events"))
          .as(failure.toString())
          .isEmpty();
    }
  }
}
