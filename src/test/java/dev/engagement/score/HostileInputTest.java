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
    AUDIT,
    /** Like {@link #AUDIT}, and the rejects table gains the run's rejects. */
    AUDIT_AND_REJECTS,
    /** The audit table gains the run's started and skipped rows. */
    SKIPPED
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
    writeEvents("events", LocalDate.parse("2026-10-01"), "login", 1);
    Files.writeString(dir.resolve("weights.csv"), "event_type,weight\nlogin,1\nfeature_used,0.5\n");
    conf =
        Files.writeString(
            dir.resolve("base.conf"),
            String.join(
                "\n",
                "events.path = " + dir.resolve("events"),
                "events.partition_column = event_date",
                "events.account_column = account_id",
                "weights.path = " + dir.resolve("weights.csv"),
                "output.path = " + out.resolve("scores"),
                "rejects.path = " + out.resolve("rejects"),
                "breakdown.path = " + out.resolve("breakdown"),
                "transitions.path = " + out.resolve("transitions"),
                "accounts.path = " + out.resolve("accounts"),
                "normalize = minmax",
                "date = 2026-10-31",
                ""));
    Launcher.Outcome first = launch(List.of());
    assertThat(first.exitCode()).as("the base run: %s", first.output()).isZero();
  }

  /**
   * 12 customers, 10 events each of {@code type} in the month from {@code first}, a few with an
   * account: c1..c12, all on the month's days.
   */
  private void writeEvents(String name, LocalDate first, String type, int keepEvery) {
    List<Object[]> rows = new ArrayList<>();
    for (int c = 1; c <= 12; c += keepEvery) {
      for (int i = 0; i < 10; i++) {
        LocalDate day = first.plusDays((c + i) % 28);
        rows.add(
            new Object[] {
              "c" + c,
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
    switch (c.writes()) {
      case NOTHING -> {
        assertThat(after).as("every file, the audit table's included").isEqualTo(before);
        assertThat(audit().count()).isEqualTo(runsBefore);
      }
      case AUDIT, SKIPPED -> {
        assertThat(without(after, "out/scores_runs")).isEqualTo(without(before, "out/scores_runs"));
        assertThat(newStatuses(runsBefore))
            .containsExactlyInAnyOrder(
                "started", c.writes() == Writes.AUDIT ? "failed" : "skipped");
      }
      case AUDIT_AND_REJECTS -> {
        assertThat(without(after, "out/scores_runs", "out/rejects"))
            .isEqualTo(without(before, "out/scores_runs", "out/rejects"));
        assertThat(newStatuses(runsBefore)).containsExactlyInAnyOrder("started", "failed");
      }
    }
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
    return Stream.of(pathCases(), csvCases(), configCases()).flatMap(List::stream);
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
            "Unknown time zone 'Mars/Base'"),
        fails(
            "max_row_drop above 1",
            own -> List.of("--set", "max_row_drop=2"),
            "Invalid max_row_drop '2'"));
  }
}
