package dev.engagement.score;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SettingsLoader;
import dev.engagement.score.core.scoring.OutputRows;
import dev.engagement.score.core.weights.WeightSource;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.Period;
import dev.engagement.score.run.RunSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;

/**
 * The base of the whole-job tests: {@link ScoreJob#run} on a small Parquet data set, reading the
 * Delta output back. The fixture's events are written once per class (read-only: a test that
 * changes them copies them first, {@link #ownEvents()}); each test gets a fresh folder {@link #dir}
 * with the fixture's weights and an output path in it. Tests that only read October scored with the
 * default settings share one such table per class ({@link #sharedOctober()}), scored once.
 *
 * <p>The settings every whole-job test starts from are {@link #settings(Map)}: the one place of
 * their test configuration.
 */
@Tag("job")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class JobTestBase extends SparkTestBase {
  protected static final StructType EVENTS = TestSchemas.STORED_EVENTS;

  /** The business columns of the output: all but scored_at and job_version. */
  protected static final StructType SCORES =
      new StructType(Arrays.copyOf(OutputRows.SCHEMA.fields(), 8));

  /** The version of the fixture's weights (login 1), as listed in {@link #writeWeights}. */
  protected static final String FIXTURE_WEIGHTS_VERSION =
      WeightSource.WeightTable.version(
          Map.of(
              "login", new BigDecimal("1.000000"),
              "team_member_added", new BigDecimal("10.000000"),
              "project_added", new BigDecimal("5.000000"),
              "upgraded_to_paid", new BigDecimal("50.000000"),
              "cancellation_requested", new BigDecimal("-20.000000"),
              "feature_used", new BigDecimal("0.100000")));

  protected static final Date OCT_1 = Date.valueOf("2026-10-01");
  protected static final Date OCT_31 = Date.valueOf("2026-10-31");
  protected static final Date NOV_1 = Date.valueOf("2026-11-01");
  protected static final Date NOV_30 = Date.valueOf("2026-11-30");

  /** This class's folder: the fixture's events, the shared table, each test's own folder. */
  private Path classDir;

  private String fixtureEvents;
  private int tests;
  private String sharedOutput;
  private RunSummary shared;

  /** This test's own folder. */
  protected Path dir;

  /** The events path of this test's settings: the fixture's, unless the test sets its own. */
  protected String events;

  /** This test's weights file (the fixture's, login 1; {@link #writeWeights} changes it). */
  protected String weights;

  /**
   * This test's output path: in {@link #dir}, or the shared table's after {@link #sharedOctober}.
   */
  protected String output;

  /**
   * Adds {@code n} events of a customer and type, one a day from {@code firstDay} (wrapping at 28).
   */
  protected static void add(
      List<Object[]> rows, String customer, String type, int n, String firstDay) {
    LocalDate day = LocalDate.parse(firstDay);
    for (int i = 0; i < n; i++) {
      LocalDate d = day.plusDays(i % 28);
      Instant at = Instant.parse(d + "T09:00:00Z");
      rows.add(new Object[] {customer, type, Timestamp.from(at), Date.valueOf(d)});
    }
  }

  @BeforeAll
  void writeFixture() throws IOException {
    startSpark();
    classDir = Files.createTempDirectory(getClass().getSimpleName());
    List<Object[]> rows = new ArrayList<>();
    // October. c145 is DOMAIN.md's example: 30 x 1 + 4 x 10 + 5 x 5 + 1 x 50 = 145.
    add(rows, "c145", "login", 30, "2026-10-01");
    add(rows, "c145", "team_member_added", 4, "2026-10-03");
    add(rows, "c145", "project_added", 5, "2026-10-04");
    add(rows, "c145", "upgraded_to_paid", 1, "2026-10-20");
    add(rows, "c145", "legacy_click", 2, "2026-10-05"); // no weight: counted, not scored
    add(rows, "cneg", "login", 5, "2026-10-01"); // 5 - 20 = -15
    add(rows, "cneg", "cancellation_requested", 1, "2026-10-09");
    add(rows, "c40", "login", 40, "2026-10-01"); // 40: the top of disengaged
    add(rows, "cdec", "feature_used", 3, "2026-10-01"); // 3 x 0.1 = 0.3
    add(rows, null, "login", 1, "2026-10-02"); // no customer: counted, not scored
    rows.add(new Object[] {"c145", "login", null, OCT_1}); // no time: counted, not scored
    // November.
    add(rows, "c145", "login", 1, "2026-11-02");
    fixtureEvents = classDir.resolve("events").toString();
    df(EVENTS, rows.toArray(Object[][]::new))
        .write()
        .partitionBy("event_date")
        .parquet(fixtureEvents);
  }

  @BeforeEach
  void freshFolder() throws IOException {
    dir = Files.createDirectories(classDir.resolve("test-" + ++tests));
    events = fixtureEvents;
    weights = writeWeights("1");
    output = dir.resolve("scores").toString();
  }

  /** Deletes the class's folder (SparkTestBase drops what the tests left cached). */
  @AfterAll
  void deleteFixture() throws IOException {
    try (Stream<Path> files = Files.walk(classDir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
    }
  }

  /**
   * October scored once per class with the default settings ({@link #score}), for the tests that
   * only read it or check that a failing run leaves it as it was; points {@link #output} at it.
   * Returns the summary of the run that scored it.
   */
  protected RunSummary sharedOctober() {
    if (shared == null) {
      sharedOutput = classDir.resolve("shared-scores").toString();
      output = sharedOutput;
      shared = score("2026-10-15");
    }
    output = sharedOutput;
    return shared;
  }

  /**
   * A copy of the fixture's events in this test's folder, which it may change; sets {@link
   * #events}.
   */
  protected Path ownEvents() throws IOException {
    Path source = Path.of(fixtureEvents);
    Path copy = dir.resolve("events");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path p : files.toList()) {
        Path target = copy.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    events = copy.toString();
    return copy;
  }

  /** (Re)writes this test's weights file, with {@code loginWeight} for logins. */
  protected String writeWeights(String loginWeight) throws IOException {
    return Files.writeString(
            dir.resolve("weights.csv"),
            "event_type,weight\nlogin,"
                + loginWeight
                + "\nteam_member_added,10\nproject_added,5\n"
                + "upgraded_to_paid,50\ncancellation_requested,-20\nfeature_used,0.1\n")
        .toString();
  }

  /** The settings of a whole-job test: the fixture's paths and defaults, then {@code extra}. */
  protected JobSettings settings(Map<String, String> extra) {
    Map<String, String> all = new HashMap<>();
    all.put("events.path", events);
    all.put("events.partition_column", "event_date");
    all.put("weights.path", weights);
    all.put("output.path", output);
    all.put("normalize.method", "minmax");
    all.put("max_reject_ratio", "0.05"); // the fixture rejects 4 of 93 events
    all.putAll(extra);
    return SettingsLoader.load(List.of(), all);
  }

  /** Scores the month of {@code date} with the default settings. */
  protected RunSummary score(String date) {
    JobSettings s = settings(Map.of());
    return ScoreJob.run(spark(), s, List.of(s.calendar().containing(LocalDate.parse(date))));
  }

  protected static List<Period> octoberOnly() {
    return List.of(new Period("month", OCT_1.toLocalDate(), OCT_31.toLocalDate()));
  }

  protected Dataset<Row> table() {
    return spark().read().format("delta").load(output);
  }

  protected static Dataset<Row> businessColumns(Dataset<Row> t) {
    return t.select(Columns.cols(SCORES.fieldNames()));
  }

  /** The output table's properties. */
  protected Map<String, String> properties() {
    Row detail = spark().sql("DESCRIBE DETAIL delta.`" + output + "`").first();
    return detail.getJavaMap(detail.fieldIndex("properties"));
  }

  /** Every file under the output table with its size: "byte-for-byte as it was". */
  protected Map<String, Long> files() {
    try (var walk = Files.walk(Path.of(output))) {
      Map<String, Long> sizes = new TreeMap<>();
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        sizes.put(p.toString(), Files.size(p));
      }
      return sizes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * October's scores with the default settings, by hand. Min -15, max 145, span 160. c40: 55/160 =
   * 34.375 -> 34.38; cdec: 15.3/160 = 9.5625 -> 9.56.
   */
  protected Dataset<Row> octoberScores() {
    return df(
        SCORES,
        oct("c145", 40, "145.000000", "100.00", "power_user"),
        oct("cneg", 6, "-15.000000", "0.00", "at_risk"),
        oct("c40", 40, "40.000000", "34.38", "disengaged"),
        oct("cdec", 3, "0.300000", "9.56", "disengaged"));
  }

  /** A row of {@link #SCORES} for October. */
  protected static Object[] oct(
      String customer, long count, String raw, String normalized, String tier) {
    return new Object[] {
      customer, "month", OCT_1, OCT_31, count, new BigDecimal(raw), new BigDecimal(normalized), tier
    };
  }

  /** A normalized score (scale 2, as written). */
  protected static BigDecimal n(String value) {
    return new BigDecimal(value);
  }

  /** A raw score or weight (scale 6). */
  protected static BigDecimal d(String value) {
    return new BigDecimal(value).setScale(6);
  }
}
