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
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The packaged job's {@code main}, run as users run it: {@code jobs/run-local} in a child JVM.
 *
 * <p>The three tests run at the same time (pom.xml, failsafe): the kill scenarios are a chain of
 * seven runs, the other two run beside them. The child JVMs use the C1 JIT only ({@link
 * #QUICK_JIT}, as the Python tests' do): a run is too short for C2 to pay off, and without it a run
 * takes about a third less CPU. The job, its Spark settings and its generated code are as users run
 * them.
 */
@Tag("e2e")
@Execution(ExecutionMode.CONCURRENT)
class RunLocalIT extends SparkTestBase {
  /** Added to the child JVMs' {@code JAVA_TOOL_OPTIONS}. */
  private static final String QUICK_JIT = "-XX:TieredStopAtLevel=1";

  @TempDir Path dir;

  private record Result(int exitCode, List<String> stdout, String stderr) {
    String lastLine() {
      return stdout.get(stdout.size() - 1);
    }
  }

  /** {@code jobs/run-local} with these flags, not started yet. */
  private static ProcessBuilder jobsRunLocal(String... flags) {
    List<String> command = new ArrayList<>(List.of("jobs/run-local"));
    command.addAll(List.of(flags));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder
        .environment()
        .merge("JAVA_TOOL_OPTIONS", QUICK_JIT, (options, quickJit) -> options + " " + quickJit);
    return builder;
  }

  private static Result runLocal(String... flags) throws IOException, InterruptedException {
    Path out = Files.createTempFile("run-local", ".out");
    Path err = Files.createTempFile("run-local", ".err");
    Process p =
        jobsRunLocal(flags).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
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
    // The summary once, on stdout; on stderr a line per step, then the run in words, last.
    assertThat(run.stdout()).filteredOn(line -> line.startsWith("{")).hasSize(1);
    List<String> stderr = run.stderr().lines().toList();
    assertThat(stderr)
        .anyMatch(line -> line.matches(".* INFO Steps: count the events \\(\\d+\\.\\d s; .*"))
        .anyMatch(line -> line.matches(".* INFO Steps: rejects table \\(\\d+\\.\\d s; .*"))
        .anyMatch(line -> line.matches(".* INFO Steps: write the score table \\(.*"))
        .noneMatch(line -> line.contains("Steps: trend table"))
        .noneMatch(line -> line.contains("{\"run_id\""));
    assertThat(stderr.get(stderr.size() - 1))
        .matches(
            ".* INFO ScoreRun: engagement-score: ok, 41 rows scored for month 2026-10-01..2026-10-31"
                + " into file:.*/scores \\(version 0\\) in \\d+\\.\\d s; 1,230 events read,"
                + " 1,207 scored, 23 rejected \\(unknown_event_type 21: legacy_page_view 21;"
                + " missing_event_time 1; missing_customer_id 1\\)");
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
            "ERROR: Invalid period 'fortnight' (the command line): use one of day, week, month, quarter,"
                + " rolling");
    assertThat(run.stdout()).isEmpty();
    assertThat(output).doesNotExist();
  }

  /**
   * 30,000 customers with 3 logins each, 20 days apart, in October and November 2026: 60,000 score
   * rows, whose write (eight files on two cores, then the commit) takes over a second, while a kill
   * lands within milliseconds of its trigger. (300,000 events cost each run about a third more CPU,
   * for the same checks.)
   */
  private String bigEvents() {
    String path = dir.resolve("big_events").toString();
    spark()
        .range(90_000)
        .selectExpr(
            "concat('c', cast(id % 30000 as string)) as customer_id",
            "'login' as event_type",
            // 2026-10-01T00:00Z plus up to 61 days, minus an hour: Berlin's Oct 1 to Nov 30.
            "timestamp_seconds(1790812800 + (id * 58 % 5266800)) as event_ts")
        .selectExpr("*", "to_date(event_ts) as event_date")
        .write()
        .partitionBy("event_date")
        .parquet(path);
    return path;
  }

  private static Map<Row, Long> counted(List<Row> rows) {
    return rows.stream().collect(Collectors.groupingBy(r -> r, Collectors.counting()));
  }

  private static Set<Path> files(Path table, String suffix) throws IOException {
    if (!Files.exists(table)) {
      return Set.of();
    }
    try (var walk = Files.walk(table)) {
      return walk.filter(p -> p.toString().endsWith(suffix)).collect(Collectors.toSet());
    } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
      return files(table, suffix); // a file vanished while listing (a writer's temp file)
    }
  }

  /** When to kill a run: a new file with this suffix appears in this folder. */
  private record Trigger(Path folder, String suffix) {}

  /**
   * Starts {@code jobs/run-local} and SIGKILLs it (no shutdown hooks, no cleanup) as soon as each
   * trigger in turn has fired: the kill lands right after the last one.
   */
  private void killAfter(String[] flags, Trigger... triggers) throws Exception {
    List<Set<Path>> before = new ArrayList<>();
    for (Trigger t : triggers) {
      before.add(files(t.folder(), t.suffix()));
    }
    Process p =
        jobsRunLocal(flags)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("killed.log").toFile())
            .start();
    int fired = 0;
    while (p.isAlive() && fired < triggers.length) {
      Trigger t = triggers[fired];
      if (!before.get(fired).containsAll(files(t.folder(), t.suffix()))) {
        fired++;
      } else {
        Thread.sleep(2);
      }
    }
    p.destroyForcibly();
    p.waitFor(1, TimeUnit.MINUTES);
    assertThat(fired)
        .as(
            "the run reached its kill point before it ended; its log:\n%s",
            Files.readString(dir.resolve("killed.log")))
        .isEqualTo(triggers.length);
  }

  private long version(Path table) {
    return spark().sql("DESCRIBE HISTORY delta.`" + table + "` LIMIT 1").first().getLong(0);
  }

  /**
   * The table reads at its latest version, every period holds exactly one run's complete rows
   * ({@code rowsPerPeriod}), and every version's commit names a run with a row in the audit table.
   */
  private void assertConsistent(Path output, Map<Object, Long> rowsPerPeriod) {
    Dataset<Row> table = spark().read().format("delta").load(output.toString());
    List<Row> periods =
        table
            .groupBy("period_start")
            .agg(functions.count("*"), functions.countDistinct("run_id"))
            .collectAsList();
    assertThat(periods).hasSize(rowsPerPeriod.size());
    for (Row period : periods) {
      assertThat(period.getLong(2)).as("runs in period %s", period.get(0)).isEqualTo(1);
      assertThat(period.getLong(1))
          .as("rows of period %s", period.get(0))
          .isEqualTo(rowsPerPeriod.get(period.get(0)));
    }
    Set<String> audited =
        spark()
            .read()
            .format("delta")
            .load(output + "_runs")
            .select("run_id")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .collect(Collectors.toSet());
    List<Row> history =
        spark()
            .sql("DESCRIBE HISTORY delta.`" + output + "`")
            .select("version", "userMetadata")
            .collectAsList();
    for (Row commit : history) {
      assertThat(audited)
          .as("the run of version %s in the audit", commit.get(0))
          .contains(commit.getString(1));
    }
  }

  @Test
  void killedRunsLeaveWholePeriodsAndAnAuditThatExplainsEveryVersion() throws Exception {
    String events = bigEvents();
    Path output = dir.resolve("scores");
    Path audit = dir.resolve("scores_runs");
    String[] flags = {
      "--config",
      "conf/example.conf",
      "--events",
      events,
      "--output",
      output.toString(),
      "--from",
      "2026-10-01",
      "--to",
      "2026-11-30",
      "--rejects",
      ""
    };
    Trigger startRecorded = new Trigger(audit.resolve("_delta_log"), ".json");
    Trigger dataFiles = new Trigger(output, ".parquet");
    Trigger committed = new Trigger(output.resolve("_delta_log"), ".json");
    Trigger auditFile = new Trigger(audit, ".parquet");

    // Killed while it creates the table: no table, and the next run creates it.
    killAfter(flags, startRecorded, dataFiles);
    assertThat(io.delta.tables.DeltaTable.isDeltaTable(spark(), output.toString())).isFalse();
    Result first = runLocal(flags);
    assertThat(first.exitCode()).as("first run; stderr:\n%s", first.stderr()).isZero();
    Map<Object, Long> rowsPerPeriod =
        spark()
            .read()
            .format("delta")
            .load(output.toString())
            .groupBy("period_start")
            .count()
            .collectAsList()
            .stream()
            .collect(Collectors.toMap(r -> r.get(0), r -> r.getLong(1)));
    assertThat(rowsPerPeriod).hasSize(2);
    long published = version(output);
    List<Row> rowsBefore = spark().read().format("delta").load(output.toString()).collectAsList();
    // During the read (right after the start is recorded), and during the score table's write
    // (data files written, no commit yet): the previous version, unchanged.
    killAfter(flags, startRecorded);
    killAfter(flags, startRecorded, dataFiles);
    assertThat(version(output)).isEqualTo(published);
    // Compared on the driver as multisets: Spark's generated code for grouping the rows by all 27
    // columns took longer to compile than the runs themselves.
    assertThat(counted(spark().read().format("delta").load(output.toString()).collectAsList()))
        .isEqualTo(counted(rowsBefore));
    assertConsistent(output, rowsPerPeriod);

    // Right after the commit, and while appending its final audit row: the new version, explained
    // by the run's started row.
    killAfter(flags, startRecorded, committed);
    assertThat(version(output)).isEqualTo(published + 1);
    assertConsistent(output, rowsPerPeriod);
    killAfter(flags, startRecorded, committed, auditFile);
    assertThat(version(output)).isEqualTo(published + 2);
    assertConsistent(output, rowsPerPeriod);

    // The next run completes normally.
    Result next = runLocal(flags);
    assertThat(next.exitCode()).as("next run; stderr:\n%s", next.stderr()).isZero();
    assertConsistent(output, rowsPerPeriod);
    Dataset<Row> runs = spark().read().format("delta").load(audit.toString());
    assertThat(runs.filter("status = 'started'").count()).as("started rows").isEqualTo(7);
    assertThat(runs.filter("status = 'ok'").count()).as("finished rows").isEqualTo(2);
  }
}
