package dev.engagement.score;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged job's {@code main}, run as users run it: {@code jobs/run-local} in a child JVM. */
class RunLocalIT extends SparkTestBase {
  @TempDir Path dir;

  private record Result(int exitCode, List<String> stdout, String stderr) {
    String lastLine() {
      return stdout.get(stdout.size() - 1);
    }
  }

  private static Result runLocal(String... flags) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("jobs/run-local"));
    command.addAll(List.of(flags));
    Path out = Files.createTempFile("run-local", ".out");
    Path err = Files.createTempFile("run-local", ".err");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("jobs/run-local finished in time").isTrue();
    return new Result(
        p.exitValue(),
        Files.readAllLines(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void theExampleRunScoresOctoberAndPrintsItsSummaryLast() throws Exception {
    String output = dir.resolve("scores").toString();
    Result run =
        runLocal(
            "--config",
            "conf/example.conf",
            "--output",
            output,
            "--rejects",
            dir.resolve("rejects").toString(),
            "--summary",
            dir.resolve("summary/run.json").toString());

    assertThat(run.exitCode()).as("exit code; stderr:\n%s", run.stderr()).isZero();
    assertThat(Files.readString(dir.resolve("summary/run.json"), StandardCharsets.UTF_8))
        .as("--summary file")
        .isEqualTo(run.lastLine() + "\n");
    assertThat(run.lastLine())
        .startsWith("{\"run_id\":")
        .contains(
            "\"status\":\"ok\",\"period_kind\":\"month\",\"periods\":[\"2026-10-01..2026-10-31\"],",
            "\"missing_customer_id\":1,",
            "\"output_version\":0,");
    Row acme =
        spark()
            .read()
            .format("delta")
            .load(output)
            .filter(col("customer_id").equalTo("acme-145"))
            .select("event_count", "raw_score", "tier")
            .first();
    // DOMAIN.md: 30 logins + 4 x 10 + 5 x 5 + 1 x 50.
    assertThat(acme.getLong(0)).isEqualTo(40);
    assertThat(acme.getDecimal(1)).isEqualTo(new BigDecimal("145.000000"));
    assertThat(acme.getString(2)).isEqualTo("power_user");
  }

  @Test
  void badInputExitsWith2AndAMessageBeforeWritingAnything() throws Exception {
    Path output = dir.resolve("never");
    Result run =
        runLocal(
            "--config",
            "conf/example.conf",
            "--output",
            output.toString(),
            "--period",
            "fortnight");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr())
        .contains(
            "ERROR: Unknown period 'fortnight': use one of day, week, month, quarter, rolling");
    assertThat(run.stdout()).isEmpty();
    assertThat(output).doesNotExist();
  }

  /** 100,000 customers with 3 logins each in October 2026: a write that takes a few seconds. */
  private String bigEvents() {
    String path = dir.resolve("big_events").toString();
    spark()
        .range(300_000)
        .selectExpr(
            "concat('c', cast(id % 100000 as string)) as customer_id",
            "'login' as event_type",
            "timestamp_seconds(1790812800 + (id % 2592000)) as event_ts") // 2026-10-01T00:00Z + <30
        // days
        .selectExpr("*", "to_date(event_ts) as event_date")
        .write()
        .partitionBy("event_date")
        .parquet(path);
    return path;
  }

  private static Map<Row, Long> counted(List<Row> rows) {
    return rows.stream().collect(Collectors.groupingBy(r -> r, Collectors.counting()));
  }

  private static Set<Path> dataFiles(Path table) throws IOException {
    try (var walk = Files.walk(table)) {
      return walk.filter(p -> p.toString().endsWith(".parquet")).collect(Collectors.toSet());
    } catch (java.io.UncheckedIOException e) {
      return dataFiles(table); // a file vanished while listing (a writer's temp file): list again
    }
  }

  @Test
  void aRunKilledWhileWritingLeavesThePreviousVersionAndTheNextRunCompletes() throws Exception {
    String events = bigEvents();
    Path output = dir.resolve("scores");
    String[] flags = {
      "--config",
      "conf/example.conf",
      "--events",
      events,
      "--output",
      output.toString(),
      "--rejects",
      ""
    };
    Result first = runLocal(flags);
    assertThat(first.exitCode()).as("first run; stderr:\n%s", first.stderr()).isZero();
    Dataset<Row> before = spark().read().format("delta").load(output.toString());
    long version =
        spark().sql("DESCRIBE HISTORY delta.`" + output + "` LIMIT 1").first().getLong(0);
    List<Row> rowsBefore = before.collectAsList();
    Set<Path> filesBefore = dataFiles(output);

    // Second run: SIGKILL as soon as it has started writing data files, before its commit.
    List<String> command = new ArrayList<>(List.of("jobs/run-local"));
    command.addAll(List.of(flags));
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("killed.log").toFile())
            .start();
    boolean killedMidWrite = false;
    while (p.isAlive()) {
      if (!filesBefore.containsAll(dataFiles(output))) {
        p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
        killedMidWrite = true;
        break;
      }
      Thread.sleep(5);
    }
    p.waitFor(1, TimeUnit.MINUTES);
    assertThat(killedMidWrite).as("the run was killed while writing").isTrue();

    // The table still reads as the previous version, with exactly its rows.
    long after = spark().sql("DESCRIBE HISTORY delta.`" + output + "` LIMIT 1").first().getLong(0);
    assertThat(after).isEqualTo(version);
    // Compared on the driver as multisets: Spark's generated code for grouping 100,000 rows by all
    // 27 columns took longer to compile than the runs themselves.
    assertThat(counted(spark().read().format("delta").load(output.toString()).collectAsList()))
        .isEqualTo(counted(rowsBefore));

    // And the next run completes normally.
    Result next = runLocal(flags);
    assertThat(next.exitCode()).as("next run; stderr:\n%s", next.stderr()).isZero();
    assertThat(spark().read().format("delta").load(output.toString()).count()).isEqualTo(100_000);
  }
}
