package dev.engagement.score;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.cli.Launcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The job against hostile inputs and settings, run as users run it (the command line, parsed and
 * launched, in the shared session): paths that overlap, CSV shapes, schema drift, corrupt files,
 * data that must not be published, bad configuration. For each case: the exit code, the message's
 * key words, and that the score table and every companion table (audit, rejects, breakdown,
 * transitions, accounts, restatements) are byte for byte as they were, unless the case is meant to
 * write. One scored table, set up once, serves every case. Kills are {@link RunLocalIT}'s.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest extends SparkTestBase {
  private Path dir;
  private Path out;
  private Path conf;

  /** What a case may change besides nothing. */
  private enum Writes {
    /** Nothing anywhere: failed before the run recorded its start. */
    NOTHING,
    /** The audit table gains the run's started and failed rows; nothing else changes. */
    FAILED,
    /** Like {@link #FAILED}, and the rejects table gains the run's rejects. */
    FAILED_WITH_REJECTS,
    /** The audit table gains the run's started and skipped rows, the rejects table its rejects. */
    SKIPPED_WITH_REJECTS
  }

  /**
   * One hostile case.
   *
   * @param args what the case adds to {@code --config base.conf}, given the case's own folder
   */
  private record Case(
      String name,
      Function<Path, List<String>> args,
      int exitCode,
      List<String> keywords,
      Writes writes) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final StructType EVENTS =
      TestSchemas.STORED_EVENTS.add("account_id", DataTypes.StringType);

  @BeforeAll
  void scoreOnce() throws IOException {
    startSpark();
    dir = Files.createTempDirectory("hostile");
    out = dir.resolve("out");
    LocalDate october = LocalDate.parse("2026-10-01");
    writeEvents("events", october, "login", 1, "");
    writeEvents("old_events", LocalDate.parse("1997-10-01"), "login", 1, "");
    writeEvents("few_events", october, "login", 4, "");
    writeEvents("unknown_events", october, "signup", 1, "");
    writeEvents("padded_events", october, "login", 1, " ");
    rewriteEvents("int_ids", "cast(substr(customer_id, 2) as bigint) as customer_id");
    rewriteEvents("epoch_times", "unix_timestamp(event_ts) as event_ts");
    rewriteEvents("date_times", "to_date(event_ts) as event_ts");
    rewriteEvents("int_types", "length(event_type) as event_type");
    // Damaged without their checksum files, as on object stores, which keep none.
    copyEvents("truncated_events");
    TestFiles.truncate(dataFile(dir.resolve("truncated_events/event_date=2026-10-20")));
    copyEvents("garbage_events");
    Files.writeString(
        withoutChecksum(dataFile(dir.resolve("garbage_events/event_date=2026-10-21"))),
        "not parquet");
    for (String name : List.of("damaged_log_events", "missing_file_events")) {
      for (int commit = 0; commit < 2; commit++) {
        spark()
            .read()
            .parquet(dir.resolve("events").toString())
            .write()
            .format("delta")
            .mode("append")
            .partitionBy("event_date")
            .save(dir.resolve(name).toString());
      }
    }
    Files.writeString(
        withoutChecksum(dir.resolve("damaged_log_events/_delta_log/00000000000000000001.json")),
        "{not json");
    Files.delete(dataFile(dir.resolve("missing_file_events/event_date=2026-10-20")));
    Files.writeString(dir.resolve("weights.csv"), "event_type,weight\nlogin,1\nfeature_used,0.5\n");
    conf =
        Files.writeString(
            dir.resolve("base.conf"),
            String.join(
                "\n",
                "engagement {",
                "events.path = " + dir.resolve("events"),
                "events.partition_column = event_date",
                "events.account_column = account_id",
                "weights.path = " + dir.resolve("weights.csv"),
                "output.path = " + out.resolve("scores"),
                "rejects.path = " + out.resolve("rejects"),
                "breakdown.path = " + out.resolve("breakdown"),
                "transitions.path = " + out.resolve("transitions"),
                "accounts.path = " + out.resolve("accounts"),
                "normalize.method = minmax",
                "date = 2026-10-31",
                "}",
                ""));
    Launcher.Outcome first = launch(List.of());
    assertThat(first.exitCode()).as("the base run: %s", first.output()).isZero();
  }

  /**
   * 12 customers, 10 events each of {@code type} in the month from {@code first}, a few with an
   * account: c1..c12, all on the month's days.
   */
  private void writeEvents(
      String name, LocalDate first, String type, int keepEvery, String idSuffix) {
    List<Object[]> rows = new ArrayList<>();
    for (int c = 1; c <= 12; c += keepEvery) {
      for (int i = 0; i < 10; i++) {
        LocalDate day = first.plusDays((c + i) % 28);
        rows.add(
            new Object[] {
              "c" + c + idSuffix,
              i == 0 && c % 3 == 0 ? "feature_used" : type,
              Timestamp.from(Instant.parse(day + "T10:00:00Z")),
              Date.valueOf(day),
              c <= 6 ? "a1" : "a2"
            });
      }
    }
    df(EVENTS, rows.toArray(Object[][]::new))
        .write()
        .partitionBy("event_date")
        .parquet(dir.resolve(name).toString());
  }

  /** The base events with one column replaced by {@code column} (an SQL expression AS its name). */
  private void rewriteEvents(String name, String column) {
    Dataset<Row> events = spark().read().parquet(dir.resolve("events").toString());
    String replaced = column.substring(column.lastIndexOf(' ') + 1);
    List<String> columns = new ArrayList<>();
    for (String c : events.columns()) {
      columns.add(c.equals(replaced) ? column : c);
    }
    events
        .selectExpr(columns.toArray(String[]::new))
        .write()
        .partitionBy("event_date")
        .parquet(dir.resolve(name).toString());
  }

  private void copyEvents(String name) throws IOException {
    Path from = dir.resolve("events");
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Files.copy(p, dir.resolve(name).resolve(from.relativize(p).toString()));
      }
    }
  }

  /** The data file of a partition folder (a Delta or Parquet table writes one per day here). */
  private static Path dataFile(Path partition) throws IOException {
    try (Stream<Path> files = Files.list(partition)) {
      return files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
  }

  /** Deletes the local file system's checksum of {@code file}, and returns the file. */
  private static Path withoutChecksum(Path file) throws IOException {
    Files.delete(file.resolveSibling("." + file.getFileName() + ".crc"));
    return file;
  }

  private Launcher.Outcome launch(List<String> extra) {
    List<String> args = new ArrayList<>(List.of("--config", conf.toString()));
    args.addAll(extra);
    return Launcher.outcome(
        "engagement-score", () -> ScoreJob.command(args.toArray(String[]::new)).run(spark()));
  }

  /** Every file under {@code root} with a digest of its bytes. */
  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    if (!Files.exists(root)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString(), digest(Files.readAllBytes(p)));
      }
    }
    return files;
  }

  private static String digest(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The files added, removed or changed from {@code before} to {@code after}. */
  private static List<String> changed(Map<String, String> before, Map<String, String> after) {
    java.util.Set<String> names = new java.util.TreeSet<>(before.keySet());
    names.addAll(after.keySet());
    return names.stream()
        .filter(n -> !java.util.Objects.equals(before.get(n), after.get(n)))
        .toList();
  }

  private static Map<String, String> without(Map<String, String> files, String... prefixes) {
    Map<String, String> kept = new TreeMap<>(files);
    kept.keySet().removeIf(f -> Arrays.stream(prefixes).anyMatch(f::startsWith));
    return kept;
  }

  private Dataset<Row> audit() {
    return spark().read().format("delta").load(out.resolve("scores_runs").toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void hostileInputFailsClearlyAndChangesNothing(Case c) throws IOException {
    Path own = Files.createDirectories(dir.resolve("cases").resolve(c.name().replace(' ', '_')));
    List<String> args = c.args().apply(own);
    Map<String, String> before = snapshot(dir);
    long runsBefore = audit().count();

    Launcher.Outcome outcome = launch(args);

    assertThat(outcome.exitCode())
        .as("exit code; output: %s", outcome.output())
        .isEqualTo(c.exitCode());
    for (String keyword : c.keywords()) {
      assertThat(outcome.output()).as("the message").contains(keyword);
    }
    Map<String, String> after = snapshot(dir);
    if (c.writes() == Writes.NOTHING) {
      assertThat(changed(before, after)).as("files changed, the audit table's included").isEmpty();
      assertThat(audit().count()).isEqualTo(runsBefore);
      return;
    }
    String[] allowed =
        c.writes() == Writes.FAILED
            ? new String[] {"out/scores_runs"}
            : new String[] {"out/scores_runs", "out/rejects"};
    assertThat(changed(without(before, allowed), without(after, allowed)))
        .as("files changed but those of %s", Arrays.toString(allowed))
        .isEmpty();
    assertThat(newStatuses(runsBefore))
        .containsExactlyInAnyOrder(
            "started", c.writes() == Writes.SKIPPED_WITH_REJECTS ? "skipped" : "failed");
  }

  @org.junit.jupiter.api.Test
  void aRunWhoseEventsAreAllRejectedNeverLeavesANewTableBehind() {
    // Issue 18: this crashed with "next on empty iterator" after creating an empty table.
    Path fresh = dir.resolve("fresh/scores");
    List<String> old =
        plus(
            events("old_events"),
            "--date",
            "1997-10-31",
            "--set",
            "max_reject_ratio=1",
            "--output",
            fresh.toString());
    Launcher.Outcome failed = launch(old);
    assertThat(failed.exitCode()).as(failed.output()).isEqualTo(2);
    assertThat(failed.output()).contains("None of the 120 events", "lower events.min_time");
    assertThat(fresh).doesNotExist();

    // Asked to write the empty period, it creates the table with no rows, in one commit.
    Launcher.Outcome emptied = launch(plus(old, "--set", "on_empty=write_empty"));
    assertThat(emptied.exitCode()).as(emptied.output()).isZero();
    assertThat(emptied.output()).contains("\"status\":\"ok\"", "\"output_version\":0,");
    assertThat(spark().read().format("delta").load(fresh.toString()).count()).isZero();
  }

  /** The statuses of the audit rows appended since there were {@code before}. */
  private List<String> newStatuses(long before) {
    List<Row> rows = audit().orderBy("started_at").collectAsList();
    return rows.subList((int) before, rows.size()).stream()
        .map(r -> r.<String>getAs("status"))
        .toList();
  }

  private static Case fails(String name, Function<Path, List<String>> args, String... keywords) {
    return new Case(name, args, 2, List.of(keywords), Writes.NOTHING);
  }

  private static Case failsAudited(
      String name, Writes writes, Function<Path, List<String>> args, String... keywords) {
    return new Case(name, args, 2, List.of(keywords), writes);
  }

  private Path write(Path folder, String name, String text) {
    try {
      return Files.writeString(folder.resolve(name), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Stream<Case> cases() {
    return Stream.of(
            pathCases(), csvCases(), schemaCases(), fileCases(), dataCases(), configCases())
        .flatMap(List::stream);
  }

  private List<Case> pathCases() {
    return List.of(
        fails(
            "rejects into the events",
            own -> List.of("--rejects", dir.resolve("events").toString()),
            "rejects.path (--rejects) = file:" + dir.resolve("events"),
            "is the same as events.path (--events)"),
        fails(
            "rejects inside the events, through ..",
            own -> List.of("--rejects", dir.resolve("events/../events/rejects/").toString()),
            "lies inside events.path (--events)"),
        fails(
            "rejects through a symlink to the events",
            own -> {
              try {
                Path link = Files.createSymbolicLink(own.resolve("link"), dir.resolve("events"));
                return List.of("--rejects", link.toString());
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            },
            "is the same as events.path (--events) = file:" + dir.resolve("events")),
        fails(
            "output containing the inputs",
            own -> List.of("--output", dir.toString()),
            "output.path (--output) = file:" + dir,
            "contains events.path"),
        fails(
            "audit table on the rejects table",
            own -> List.of("--set", "audit.path=" + out.resolve("rejects")),
            "rejects.path (--rejects)",
            "is the same as audit.path",
            "the job would write one output into another"),
        fails(
            "breakdown inside the output",
            own -> List.of("--set", "breakdown.path=" + out.resolve("scores/breakdown")),
            "breakdown.path",
            "lies inside output.path (--output)"),
        fails(
            "restatement log on the output",
            own -> List.of("--set", "restatements.path=" + out.resolve("scores")),
            "restatements.path",
            "is the same as output.path (--output)"),
        fails(
            "transitions over the weights",
            own -> List.of("--set", "transitions.path=" + dir.resolve("weights.csv")),
            "transitions.path",
            "is the same as weights.path (--weights)"),
        fails(
            "accounts on the audit table",
            own -> List.of("--set", "accounts.path=" + out.resolve("scores_runs")),
            "accounts.path",
            "audit.path"),
        fails(
            "summary file inside the output",
            own -> List.of("--summary", out.resolve("scores/summary.json").toString()),
            "--summary",
            "lies inside output.path (--output)"),
        fails(
            "summary file over the config file",
            own -> List.of("--summary", conf.toString()),
            "--summary",
            "is the same as --config"),
        fails(
            "output in a folder of someone's files",
            own -> {
              write(own, "report.csv", "keep me");
              return List.of("--output", own.toString());
            },
            "exists but is not a Delta table; refusing to overwrite it",
            "report.csv"),
        fails(
            "rejects in a folder of someone's files",
            own -> {
              write(own, "app.log", "keep me");
              return List.of("--rejects", own.toString());
            },
            "The rejects path",
            "exists but is not a Delta table",
            "app.log"),
        fails(
            "audit table on someone else's Delta table",
            own -> {
              df(new StructType().add("x", DataTypes.StringType), new Object[] {"keep"})
                  .write()
                  .format("delta")
                  .save(own.resolve("t").toString());
              return List.of("--set", "audit.path=" + own.resolve("t"));
            },
            "is not an audit table of this job: it has columns [x STRING]"));
  }

  private List<Case> csvCases() {
    return List.of(
        fails(
            "weights with a decimal comma",
            own ->
                List.of(
                    "--weights",
                    write(own, "w.csv", "event_type,weight\nlogin,1\nfeature_used,0,5\n")
                        .toString()),
            "line 3 has 3 fields but the header has 2: feature_used,0,5",
            "decimals use a dot"),
        fails(
            "weights row short of a field",
            own ->
                List.of("--weights", write(own, "w.csv", "event_type,weight\nlogin\n").toString()),
            "line 2 has 1 field but the header has 2"),
        fails(
            "weights with an unclosed quote",
            own ->
                List.of(
                    "--weights",
                    write(own, "w.csv", "event_type,weight\nlogin,\"1\nfeature_used,2\n")
                        .toString()),
            "never closed"),
        fails(
            "weights file empty",
            own -> List.of("--weights", write(own, "w.csv", "").toString()),
            "it is empty"),
        fails(
            "weights header naming a column twice",
            own ->
                List.of(
                    "--weights",
                    write(own, "w.csv", "event_type,weight,weight\nlogin,1,2\n").toString()),
            "names column 'weight' twice"),
        fails(
            "weights not in UTF-8",
            own -> {
              try {
                Path w = own.resolve("w.csv");
                Files.write(
                    w, "event_type,weight\ncaf\u00e9,1\n".getBytes(StandardCharsets.ISO_8859_1));
                return List.of("--weights", w.toString());
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            },
            "is not UTF-8"),
        fails(
            "weights not a number",
            own ->
                List.of(
                    "--weights", write(own, "w.csv", "event_type,weight\nlogin,one\n").toString()),
            "'one' is not a number"),
        fails(
            "weights naming a type twice",
            own ->
                List.of(
                    "--weights",
                    write(own, "w.csv", "event_type,weight\nlogin,1\nlogin,2\n").toString()),
            "Duplicate event type 'login'"),
        fails(
            "customers with an extra field",
            own ->
                List.of(
                    "--set",
                    "customers.path="
                        + write(
                            own, "c.csv", "customer_id,active_from,active_to\nc1,2026-01-01,,x\n")),
            "Cannot read customers from",
            "line 2 has 4 fields but the header has 3"),
        fails(
            "overrides with an unquoted comma",
            own ->
                List.of(
                    "--set",
                    "overrides.path="
                        + write(
                            own,
                            "o.csv",
                            "customer_id,period_from,period_to,score,tier,reason,author,expires_on\n"
                                + "c1,2026-10-01,2026-10-31,,engaged,VIP, renewal,ana,\n")),
            "Cannot read overrides from",
            "line 2 has 9 fields but the header has 8"));
  }

  private List<String> events(String name) {
    return List.of("--events", dir.resolve(name).toString());
  }

  private List<String> plus(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return all;
  }

  private List<Case> schemaCases() {
    return List.of(
        fails(
            "events without the customer column",
            own -> List.of("--set", "events.customer_column=cust"),
            "The events have no column 'cust' (used as customer_id)",
            "Set events.customer_column"),
        fails(
            "events without the partition column",
            own -> List.of("--set", "events.partition_column=day"),
            "The events have no partition column 'day'"),
        fails(
            "integer customer ids",
            own -> events("int_ids"),
            "has type BIGINT",
            "set events.customer_id_integers = true"),
        fails(
            "event times as epoch seconds",
            own -> events("epoch_times"),
            "has type BIGINT",
            "set events.time_encoding = epoch_seconds or epoch_millis"),
        fails(
            "event times as dates",
            own -> events("date_times"),
            "has type DATE",
            "set events.time_encoding = date"),
        fails(
            "integer event types",
            own -> events("int_types"),
            "Events column 'event_type' (used as event_type) has type INT"));
  }

  private List<Case> fileCases() {
    return List.of(
        failsAudited(
            "a truncated Parquet file in the events",
            Writes.FAILED,
            own -> events("truncated_events"),
            "truncated_events/event_date=2026-10-20/part-",
            "is not a valid Parquet file (truncated or corrupt)"),
        failsAudited(
            "a file of another format in the events",
            Writes.FAILED,
            own -> events("garbage_events"),
            "garbage_events/event_date=2026-10-21/part-",
            "is not a valid Parquet file"),
        fails(
            "a damaged Delta log in the events",
            own -> events("damaged_log_events"),
            "The Delta log of the table",
            "is damaged",
            "00000000000000000001.json is not valid JSON"),
        failsAudited(
            "a Delta data file gone from the events",
            Writes.FAILED,
            own -> events("missing_file_events"),
            "missing_file_events/event_date=2026-10-20/",
            "no longer exists",
            "FSCK REPAIR TABLE"));
  }

  private List<Case> dataCases() {
    return List.of(
        failsAudited(
            "every event before events.min_time",
            Writes.FAILED_WITH_REJECTS,
            own -> plus(events("old_events"), "--date", "1997-10-31"),
            "None of the 120 events in",
            "all were rejected {event_time_out_of_range=120}",
            "lower events.min_time"),
        failsAudited(
            "every event rejected, max_reject_ratio = 1",
            Writes.FAILED_WITH_REJECTS,
            own ->
                plus(events("old_events"), "--date", "1997-10-31", "--set", "max_reject_ratio=1"),
            "None of the 120 events in",
            "lower events.min_time"),
        new Case(
            "every event rejected, on_empty = skip",
            own -> plus(events("old_events"), "--date", "1997-10-31", "--set", "on_empty=skip"),
            0,
            List.of("\"status\":\"skipped\"", "\"event_time_out_of_range\":120"),
            Writes.SKIPPED_WITH_REJECTS),
        failsAudited(
            "a period losing most of its events",
            Writes.FAILED_WITH_REJECTS,
            own -> events("few_events"),
            "The period 2026-10-01..2026-10-31 would publish 30 scored events where the table has"
                + " 120 (-75.0%), more than max_row_drop = 0.5 allows"),
        failsAudited(
            "a raw score past the 64-bit limit",
            Writes.FAILED,
            own ->
                List.of(
                    "--weights",
                    write(own, "w.csv", "event_type,weight\nlogin,999999999999\nfeature_used,1\n")
                        .toString()),
            "could pass +-9.2 x 10^12",
            "in the period starting 2026-10-01"),
        failsAudited(
            "mostly unknown event types",
            Writes.FAILED_WITH_REJECTS,
            own -> events("unknown_events"),
            "116 of 120 events were rejected",
            "Most are unknown_event_type (116)",
            "'signup' (116)"),
        failsAudited(
            "customer ids with trailing spaces, rejected",
            Writes.FAILED_WITH_REJECTS,
            own -> plus(events("padded_events"), "--set", "events.customer_id_whitespace=reject"),
            "all were rejected {customer_id_whitespace=120}",
            "set it to trim"));
  }

  private List<Case> configCases() {
    return List.of(
        fails(
            "unknown config key",
            own -> List.of("--set", "colour=blue"),
            "Unknown config key 'colour'"),
        fails(
            "a date that is none",
            own -> List.of("--date", "2026-13-01"),
            "Invalid date '2026-13-01'"),
        fails(
            "from after to",
            own -> List.of("--from", "2026-11-01", "--to", "2026-10-01"),
            "--from 2026-11-01 is after --to 2026-10-01"),
        fails(
            "an unknown time zone",
            own -> List.of("--timezone", "Mars/Base"),
            "Invalid timezone 'Mars/Base'"),
        fails(
            "max_row_drop above 1",
            own -> List.of("--set", "max_row_drop=2"),
            "Invalid max_row_drop '2'"));
  }
}
