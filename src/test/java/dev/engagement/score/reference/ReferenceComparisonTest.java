package dev.engagement.score.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.TestSchemas;
import dev.engagement.score.config.CustomerIdWhitespace;
import dev.engagement.score.config.IdScope;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SourceFormat;
import dev.engagement.score.config.TierRules;
import dev.engagement.score.config.TimeEncoding;
import dev.engagement.score.core.categories.Categories;
import dev.engagement.score.core.events.Deduplicator;
import dev.engagement.score.core.events.EventValidator;
import dev.engagement.score.core.events.RejectTagger;
import dev.engagement.score.core.normalization.Normalization;
import dev.engagement.score.core.scoring.InputStats;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.core.scoring.ScoringPipeline;
import dev.engagement.score.core.weights.PeriodWeights;
import dev.engagement.score.core.weights.WeightSource;
import dev.engagement.score.model.DateSpan;
import dev.engagement.score.model.Period;
import dev.engagement.score.model.PeriodCalendar;
import dev.engagement.score.model.PeriodKind;
import dev.engagement.score.reference.ReferenceScorer.Event;
import dev.engagement.score.reference.ReferenceScorer.RefPeriod;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hundreds of small random data sets, each scored by the job's transforms on Spark and by {@link
 * ReferenceScorer}; every output row and reject count must be identical. Edges are generated on
 * purpose: events at local midnight in zones from UTC-11 to UTC+14, DST switches, ISO weeks 53/1,
 * leap days, negative, zero and fractional weights, all-equal scores, single customers, unknown
 * types, blank and missing ids, missing and absurd times, duplicates (event ids shared by
 * customers, compared per customer or across customers: events.id_scope, half the cases each). A
 * failure prints the seed and the smallest event list that still fails. Cases: -Dreference.cases
 * (default 100; 25 in the quick tier, mvn -Pquick), metamorphic cases per property:
 * -Dreference.property.cases (default 5; quick 1), first seed: -Dreference.seed. The random cases
 * run with {@code spark.sql.ansi.enabled} false and true, every case with the Spark line's default
 * and every 16th with the other: the results must not depend on it.
 */
class ReferenceComparisonTest extends SparkTestBase {
  private static final int CASES = Integer.getInteger("reference.cases", 100);
  private static final long SEED = Long.getLong("reference.seed", 20261125L);
  private static final String ANSI = "spark.sql.ansi.enabled";

  private static final List<String> ZONES =
      List.of(
          "UTC",
          "Asia/Tokyo",
          "America/New_York",
          "Europe/Berlin",
          "Pacific/Kiritimati",
          "Pacific/Pago_Pago",
          "Asia/Kolkata");
  private static final List<LocalDate> ANCHORS =
      List.of(
          LocalDate.parse("2026-12-31"), LocalDate.parse("2027-01-01"),
          LocalDate.parse("2027-01-04"), LocalDate.parse("2028-02-29"),
          LocalDate.parse("2026-03-29"), LocalDate.parse("2026-11-01"),
          LocalDate.parse("2026-10-31"), LocalDate.parse("2026-06-30"));
  private static final List<String> WEIGHTS =
      List.of("1", "-20", "-2.5", "0", "0.1", "0.25", "5", "10", "50", "0.000001", "123456.789");
  private static final List<String> TIERS =
      List.of(
          "[{name = at_risk, below = 0}, {name = disengaged, max = 40}, {name = somewhat_engaged, max = 70}, {name = engaged, max = 100}, {name = power_user}]",
          "[{name = low, max = 0.5}, {name = mid, below = 10}, {name = high}]",
          "[{name = everyone}]");
  private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("2029-01-01T00:00:00Z");

  /** One generated case. */
  record Case(
      long seed,
      ReferenceScorer.Settings settings,
      LocalDate from,
      LocalDate to,
      List<RefPeriod> periods,
      List<Event> events,
      boolean withIds) {
    Case withEvents(List<Event> other) {
      return new Case(seed, settings, from, to, periods, other, withIds);
    }

    Case withSettings(ReferenceScorer.Settings other) {
      return new Case(seed, other, from, to, periods, events, withIds);
    }

    Case withPeriods(List<RefPeriod> other) {
      return new Case(seed, settings, from, to, other, events, withIds);
    }
  }

  static Case generate(long seed) {
    Random r = new Random(seed);
    String kind = List.of("day", "week", "month", "quarter", "rolling").get(r.nextInt(5));
    int window = 1 + r.nextInt(40);
    ZoneId zone = ZoneId.of(ZONES.get(r.nextInt(ZONES.size())));
    LocalDate anchor = ANCHORS.get(r.nextInt(ANCHORS.size())).plusDays(r.nextInt(3) - 1);
    LocalDate to = anchor.plusDays(r.nextInt(3) == 0 ? r.nextInt(20) : 0);
    List<RefPeriod> periods = ReferenceScorer.overlapping(kind, window, anchor, to);

    Map<String, BigDecimal> weights = new LinkedHashMap<>();
    int types = 1 + r.nextInt(5);
    for (int i = 0; i < types; i++) {
      weights.put("t" + i, new BigDecimal(WEIGHTS.get(r.nextInt(WEIGHTS.size()))));
    }
    boolean normalize = r.nextBoolean();
    BigDecimal[][] ranges = {
      {BigDecimal.ZERO, new BigDecimal("100")},
      {new BigDecimal("-1"), BigDecimal.ONE},
      {BigDecimal.ZERO, new BigDecimal("1000")}
    };
    BigDecimal[] range = ranges[r.nextInt(ranges.length)];
    var settings =
        new ReferenceScorer.Settings(
            kind,
            window,
            zone,
            weights,
            normalization(seed, normalize, range),
            TierRules.parse(TIERS.get(r.nextInt(TIERS.size()))),
            normalize && r.nextBoolean(),
            EARLIEST,
            LATEST,
            // Drawn from a generator of its own, like the normalization: every other draw of a
            // seed stays what it was before events.id_scope existed.
            new Random(seed * 31 + 20).nextBoolean());

    LocalDate first = periods.get(0).start().minusDays(2);
    int days = (int) (periods.get(periods.size() - 1).end().toEpochDay() - first.toEpochDay()) + 4;
    int customers = 1 + r.nextInt(r.nextBoolean() ? 2 : 8);
    boolean withIds = r.nextBoolean();
    List<Event> events = new ArrayList<>();
    int n = r.nextInt(300);
    for (int i = 0; i < n; i++) {
      String customer =
          switch (r.nextInt(40)) {
            case 0 -> null;
            case 1 -> "  ";
            default -> "c" + r.nextInt(customers);
          };
      String type = r.nextInt(15) == 0 ? "mystery" : "t" + r.nextInt(types);
      LocalDate day = first.plusDays(r.nextInt(days));
      Instant time =
          switch (r.nextInt(6)) {
            // local midnight, or a second either side of it
            case 0, 1 -> day.atStartOfDay(zone).toInstant().plusSeconds(r.nextInt(3) - 1);
            default -> day.atStartOfDay(zone).toInstant().plusSeconds(r.nextInt(86_400));
          };
      if (r.nextInt(50) == 0) {
        time = null;
      } else if (r.nextInt(50) == 0) {
        time = Instant.parse("1999-12-31T23:59:59Z");
      }
      String id = withIds && r.nextInt(10) > 0 ? "e" + r.nextInt(Math.max(1, n / 2)) : null;
      events.add(new Event(customer, type, time, id));
    }
    return new Case(seed, settings, anchor, to, periods, events, withIds);
  }

  /**
   * Min-max (plain or clipped) or percentile when {@code normalize}, drawn from a generator of its
   * own so that every other draw of a seed stays what it was before these methods existed.
   */
  private static Normalization normalization(long seed, boolean normalize, BigDecimal[] range) {
    Random r = new Random(~seed);
    String[][] clips = {{"25", "75"}, {"10", "90"}, {"12.5", "87.5"}, {"0", "100"}};
    Normalization.Method method =
        !normalize
            ? Normalization.Method.NONE
            : r.nextBoolean() ? Normalization.Method.MINMAX : Normalization.Method.PERCENTILE;
    Optional<Normalization.ClipPercentiles> clip = Optional.empty();
    if (method == Normalization.Method.MINMAX && r.nextBoolean()) {
      String[] c = clips[r.nextInt(clips.length)];
      clip =
          Optional.of(
              new Normalization.ClipPercentiles(new BigDecimal(c[0]), new BigDecimal(c[1])));
    }
    return new Normalization(method, range[0], range[1], clip, Optional.empty());
  }

  /**
   * The session the job's transforms run in: the suite's, or for the random cases one of its own
   * with ANSI mode set either way (Spark 4 turns it on by default, Spark 3.5 off).
   */
  private SparkSession session;

  @BeforeEach
  void suiteSession() {
    session = spark();
  }

  /** The case's events as the raw DataFrame the job would read. */
  private Dataset<Row> eventsFrame(Case c) {
    StructType schema =
        c.withIds() ? TestSchemas.EVENTS.add("event_id", DataTypes.StringType) : TestSchemas.EVENTS;
    Object[][] rows =
        c.events().stream()
            .map(
                e -> {
                  Timestamp t = e.time() == null ? null : Timestamp.from(e.time());
                  return c.withIds()
                      ? new Object[] {e.customer(), e.type(), t, e.id()}
                      : new Object[] {e.customer(), e.type(), t};
                })
            .toArray(Object[][]::new);
    return session.createDataFrame(Arrays.stream(rows).map(RowFactory::create).toList(), schema);
  }

  private ReferenceScorer.Result spark(Case c) {
    return spark(c, eventsFrame(c));
  }

  /** The job's transforms on Spark over {@code raw}: rows, rejects and events in. */
  private ReferenceScorer.Result spark(Case c, Dataset<Row> raw) {
    var s = c.settings();
    var source =
        new JobSettings.Events(
            "/in-memory",
            SourceFormat.AUTO,
            "customer_id",
            "event_type",
            "event_ts",
            Optional.empty(),
            ZoneId.of("UTC"),
            Optional.of("event_id"),
            EARLIEST,
            0,
            Optional.empty(),
            CustomerIdWhitespace.WARN,
            false,
            TimeEncoding.TIMESTAMP,
            s.idsPerCustomer() ? IdScope.CUSTOMER : IdScope.GLOBAL,
            false);
    List<Period> periods =
        c.periods().stream().map(p -> new Period(p.kind(), p.start(), p.end())).toList();
    Dataset<Row> weights =
        PeriodWeights.of(
            session,
            WeightSource.table(
                s.weights().entrySet().stream()
                    .map(
                        w ->
                            new WeightSource.Weight(
                                w.getKey(), w.getValue().setScale(6), null, null))
                    .toList(),
                false),
            periods);
    Dataset<Row> counts =
        ScoringPipeline.sumPeriods(
                ScoringPipeline.countDays(
                    ScoringPipeline.tagEvents(
                        EventValidator.validate(raw, source, s.zone()),
                        DateSpan.of(periods),
                        s.zone(),
                        new RejectTagger.Checks(EARLIEST, LATEST, source.customerIdWhitespace()),
                        List.copyOf(s.weights().keySet()),
                        Deduplicator.Ids.of(source))),
                periods,
                weights)
            .cache();
    try {
      InputStats stats = InputStats.of(counts);
      List<ReferenceScorer.Score> scores =
          ScoringPipeline.score(
                  counts,
                  weights,
                  new ScoreRules(
                      s.normalization(),
                      s.tiers(),
                      s.tiersOnNormalized(),
                      Categories.OFF,
                      OptionalInt.empty(),
                      Map.of()))
              .collectAsList()
              .stream()
              .map(
                  row ->
                      new ReferenceScorer.Score(
                          row.getAs("customer_id"),
                          row.getAs("period_kind"),
                          row.<java.sql.Date>getAs("period_start").toLocalDate(),
                          row.<java.sql.Date>getAs("period_end").toLocalDate(),
                          row.<Long>getAs("event_count"),
                          row.getAs("raw_score"),
                          row.getAs("normalized_score"),
                          row.getAs("tier")))
              .toList();
      return new ReferenceScorer.Result(scores, stats.rejectedByReason(), stats.eventsIn());
    } finally {
      counts.unpersist();
    }
  }

  private static String describe(ReferenceScorer.Result r) {
    return "events in "
        + r.eventsIn()
        + ", rejected "
        + r.rejected()
        + "\n"
        + r.scores().stream().map(Object::toString).sorted().collect(Collectors.joining("\n"));
  }

  private boolean agrees(Case c) {
    return describe(spark(c))
        .equals(describe(ReferenceScorer.score(c.events(), c.periods(), c.settings())));
  }

  /** Removes events while the case still disagrees: the smallest failing data set we can find. */
  private Case shrink(Case c) {
    List<Event> events = new ArrayList<>(c.events());
    for (int chunk = Math.max(1, events.size() / 2); chunk >= 1; chunk /= 2) {
      for (int i = 0; i + chunk <= events.size(); ) {
        List<Event> fewer = new ArrayList<>(events);
        fewer.subList(i, i + chunk).clear();
        Case smaller = c.withEvents(fewer);
        if (!agrees(smaller)) {
          events = fewer;
        } else {
          i += chunk;
        }
      }
    }
    return c.withEvents(events);
  }

  @ParameterizedTest(name = "spark.sql.ansi.enabled = {0}")
  @ValueSource(booleans = {false, true})
  void theJobAgreesWithTheReferenceOnRandomEdgeCases(boolean ansi) {
    session = spark().newSession();
    // Every case with the line's own default (Spark 3.5: off, Spark 4: on), every 16th with the
    // other setting.
    int step = ansi == Boolean.parseBoolean(session.conf().get(ANSI)) ? 1 : 16;
    session.conf().set(ANSI, ansi);
    for (int i = 0; i < CASES; i += step) {
      Case c = generate(SEED + i);
      // Periods first: the job's calendar must pick the same ones.
      PeriodCalendar calendar =
          new PeriodCalendar(PeriodKind.parse(c.settings().kind()), c.settings().windowDays());
      assertThat(
              calendar.overlapping(c.from(), c.to()).stream()
                  .map(p -> new RefPeriod(p.kind(), p.start(), p.end()))
                  .toList())
          .as("periods of seed %d", c.seed())
          .containsExactlyElementsOf(c.periods());
      if (!agrees(c)) {
        Case small = shrink(c);
        ReferenceScorer.Result expected =
            ReferenceScorer.score(small.events(), small.periods(), small.settings());
        assertThat(describe(spark(small)))
            .as(
                "seed %d (rerun with -Dreference.seed=%d -Dreference.cases=1); settings %s;"
                    + " periods %s; smallest failing events %s",
                c.seed(), c.seed(), small.settings(), small.periods(), small.events())
            .isEqualTo(describe(expected));
      }
    }
  }

  @Test
  void theReferenceItselfGetsTheDomainExampleRight() {
    Map<String, BigDecimal> weights =
        Map.of(
            "login",
            BigDecimal.ONE,
            "team_member_added",
            BigDecimal.TEN,
            "project_added",
            new BigDecimal("5"),
            "upgraded_to_paid",
            new BigDecimal("50"));
    List<Event> events = new ArrayList<>();
    Instant t = Instant.parse("2026-10-05T12:00:00Z");
    for (var e :
        Map.of("login", 30, "team_member_added", 4, "project_added", 5, "upgraded_to_paid", 1)
            .entrySet()) {
      for (int i = 0; i < e.getValue(); i++) {
        events.add(new Event("c1", e.getKey(), t.plus(Duration.ofHours(i)), null));
      }
    }
    var settings =
        new ReferenceScorer.Settings(
            "month",
            30,
            ZoneId.of("UTC"),
            weights,
            new Normalization(
                Normalization.Method.NONE,
                BigDecimal.ZERO,
                BigDecimal.TEN,
                Optional.empty(),
                Optional.empty()),
            TierRules.parse(TIERS.get(0)),
            false,
            EARLIEST,
            LATEST,
            true);
    var result =
        ReferenceScorer.score(
            events,
            List.of(ReferenceScorer.containing("month", 30, LocalDate.parse("2026-10-15"))),
            settings);
    assertThat(result.scores())
        .containsExactly(
            new ReferenceScorer.Score(
                "c1",
                "month",
                LocalDate.parse("2026-10-01"),
                LocalDate.parse("2026-10-31"),
                40,
                new BigDecimal("145.000000"),
                null,
                "power_user"));
  }

  // ---- metamorphic properties: cases where the right answer follows from another run ----

  private static final int PROPERTY_CASES = Integer.getInteger("reference.property.cases", 5);

  private static ReferenceScorer.Settings withWeights(
      ReferenceScorer.Settings s, Map<String, BigDecimal> weights) {
    return new ReferenceScorer.Settings(
        s.kind(),
        s.windowDays(),
        s.zone(),
        weights,
        s.normalization(),
        s.tiers(),
        s.tiersOnNormalized(),
        s.earliest(),
        s.latest(),
        s.idsPerCustomer());
  }

  @Test
  void shufflingAndRepartitioningTheInputChangeNothing() {
    for (int i = 0; i < PROPERTY_CASES; i++) {
      Case c = generate(SEED + 1000 + i);
      List<Event> shuffled = new ArrayList<>(c.events());
      java.util.Collections.shuffle(shuffled, new Random(c.seed()));
      Case d = c.withEvents(shuffled);
      assertThat(describe(spark(d, eventsFrame(d).repartition(3))))
          .as("seed %d", c.seed())
          .isEqualTo(describe(spark(c)));
    }
  }

  @Test
  void splittingTheInputIntoTwoFilesChangesNothing(@TempDir Path dir) {
    for (int i = 0; i < 3; i++) {
      Case c = generate(SEED + 2000 + i);
      String one = dir.resolve("one-" + i).toString();
      String two = dir.resolve("two-" + i).toString();
      eventsFrame(c).coalesce(1).write().parquet(one);
      eventsFrame(c).repartition(2).write().parquet(two);
      assertThat(spark().read().parquet(two).inputFiles()).hasSize(2);
      assertThat(describe(spark(c, spark().read().parquet(two))))
          .as("seed %d", c.seed())
          .isEqualTo(describe(spark(c, spark().read().parquet(one))));
    }
  }

  @Test
  void doublingEveryWeightDoublesRawScoresAndKeepsMinMaxScores() {
    for (int i = 0; i < PROPERTY_CASES; i++) {
      Case c = generate(SEED + 3000 + i);
      Map<String, BigDecimal> doubled = new LinkedHashMap<>();
      c.settings().weights().forEach((t, w) -> doubled.put(t, w.multiply(BigDecimal.valueOf(2))));
      List<ReferenceScorer.Score> before = spark(c).scores();
      List<ReferenceScorer.Score> after =
          spark(c.withSettings(withWeights(c.settings(), doubled))).scores();
      assertThat(after.stream().map(ReferenceComparisonTest::rawAndNormalized).sorted().toList())
          .as("seed %d", c.seed())
          .isEqualTo(
              before.stream()
                  .map(
                      b ->
                          rawAndNormalized(
                              new ReferenceScorer.Score(
                                  b.customer(),
                                  b.kind(),
                                  b.start(),
                                  b.end(),
                                  b.events(),
                                  b.raw().multiply(BigDecimal.valueOf(2)),
                                  b.normalized(),
                                  b.tier())))
                  .sorted()
                  .toList());
    }
  }

  private static String rawAndNormalized(ReferenceScorer.Score s) {
    return s.customer() + " " + s.start() + " " + s.raw() + " " + s.normalized();
  }

  @Test
  void anEventOfZeroWeightChangesNoScore() {
    for (int i = 0; i < PROPERTY_CASES; i++) {
      Case c = generate(SEED + 4000 + i);
      Map<String, BigDecimal> weights = new LinkedHashMap<>(c.settings().weights());
      weights.put("zero", BigDecimal.ZERO);
      List<Event> events = new ArrayList<>(c.events());
      // A zero-weight twin of every event that is surely scored (valid customer, known type, no
      // id that could make it a duplicate), for the same customer at the same time.
      c.events().stream()
          .filter(
              e ->
                  e.time() != null
                      && e.time().isAfter(EARLIEST)
                      && e.customer() != null
                      && !e.customer().isBlank()
                      && c.settings().weights().containsKey(e.type())
                      && e.id() == null)
          .forEach(e -> events.add(new Event(e.customer(), "zero", e.time(), null)));
      List<ReferenceScorer.Score> before = spark(c).scores();
      List<ReferenceScorer.Score> after =
          spark(c.withSettings(withWeights(c.settings(), weights)).withEvents(events)).scores();
      assertThat(after.stream().map(ReferenceComparisonTest::scoreOnly).sorted().toList())
          .as("seed %d", c.seed())
          .isEqualTo(before.stream().map(ReferenceComparisonTest::scoreOnly).sorted().toList());
    }
  }

  private static String scoreOnly(ReferenceScorer.Score s) {
    return s.customer() + " " + s.start() + " " + s.raw() + " " + s.normalized() + " " + s.tier();
  }

  @Test
  void scoringARangeInOneRunEqualsScoringItsPeriodsOneAtATime() {
    int checked = 0;
    for (int i = 0; checked < PROPERTY_CASES; i++) {
      Case c = generate(SEED + 5000 + i);
      if (c.periods().size() < 2) {
        continue;
      }
      checked++;
      List<String> oneByOne = new ArrayList<>();
      for (RefPeriod p : c.periods()) {
        spark(c.withPeriods(List.of(p))).scores().forEach(s -> oneByOne.add(s.toString()));
      }
      assertThat(spark(c).scores().stream().map(Object::toString).sorted().toList())
          .as("seed %d", c.seed())
          .isEqualTo(oneByOne.stream().sorted().toList());
    }
  }
}
