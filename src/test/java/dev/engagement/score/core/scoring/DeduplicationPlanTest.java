package dev.engagement.score.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.TestSchemas;
import dev.engagement.score.config.CustomerIdWhitespace;
import dev.engagement.score.config.IdScope;
import dev.engagement.score.core.events.Deduplicator;
import dev.engagement.score.core.events.RejectReason;
import dev.engagement.score.core.events.RejectTagger;
import dev.engagement.score.core.weights.PeriodWeights;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.DateSpan;
import dev.engagement.score.model.Period;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.exchange.ShuffleExchangeExec;
import org.apache.spark.sql.execution.window.WindowExec;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import scala.collection.JavaConverters;

/**
 * What the de-duplication's settings cost and count, through the pipeline from the events to the
 * period sums (tag, de-duplicate, count each event or per day, assign periods and weights, sum):
 * the shuffles of the executed plan, and the sums, by hand, of ids that two customers share.
 *
 * <p>Shuffles counted (broadcasts of the periods and weights left out): the customer scope shuffles
 * the events once, by customer, for the de-duplication and the sums (and the daily counts); the
 * global scope twice (by event id for its window, then by customer for the sums; three with the
 * daily counts); declared-unique ids once (the sums' own; two with the daily counts), without any
 * window.
 */
class DeduplicationPlanTest extends SparkTestBase {
  private static final StructType EVENTS = TestSchemas.EVENTS.add(Columns.EVENT_ID, "string");

  private static final Period OCTOBER =
      new Period("month", LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-31"));

  /** Three 7-day windows ending Oct 5, 6 and 7: a day is in up to three of them. */
  private static final List<Period> ROLLING =
      List.of(
          new Period("rolling_7d", LocalDate.parse("2026-09-29"), LocalDate.parse("2026-10-05")),
          new Period("rolling_7d", LocalDate.parse("2026-09-30"), LocalDate.parse("2026-10-06")),
          new Period("rolling_7d", LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-07")));

  private static final Deduplicator.Ids UNIQUE = new Deduplicator.Ids(IdScope.CUSTOMER, true);

  private static Object[] event(String customer, String type, String time, String id) {
    return new Object[] {customer, type, Timestamp.from(Instant.parse(time)), id};
  }

  /**
   * Id "a" three times on Oct 5: twice c1's (redelivered an hour later) and once c2's, at the same
   * time as c1's first; and c2's "b" on Oct 6.
   */
  private static final List<Row> SHARED_IDS =
      List.of(
              event("c1", "login", "2026-10-05T09:00:00Z", "a"),
              event("c1", "login", "2026-10-05T10:00:00Z", "a"),
              event("c2", "login", "2026-10-05T09:00:00Z", "a"),
              event("c2", "project_added", "2026-10-06T09:00:00Z", "b"))
          .stream()
          .map(RowFactory::create)
          .toList();

  /** The period sums of {@code events}, each event counted by {@code count}. */
  private static Dataset<Row> sums(
      Dataset<Row> events,
      Deduplicator.Ids ids,
      UnaryOperator<Dataset<Row>> count,
      List<Period> periods) {
    Dataset<Row> tagged =
        ScoringPipeline.tagEvents(
            events,
            DateSpan.of(periods),
            ZoneId.of("UTC"),
            new RejectTagger.Checks(
                Instant.parse("2000-01-01T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z"),
                CustomerIdWhitespace.WARN),
            List.of("login", "project_added"),
            ids);
    return ScoringPipeline.sumPeriods(
        count.apply(tagged),
        periods,
        PeriodWeights.of(
            events.sparkSession(),
            TestSchemas.undatedWeights("login", "1", "project_added", "5"),
            periods));
  }

  private static Dataset<Row> sharedIds(SparkSession session) {
    return session.createDataFrame(SHARED_IDS, EVENTS);
  }

  private Dataset<Row> sums(Deduplicator.Ids ids, UnaryOperator<Dataset<Row>> count) {
    return sums(sharedIds(spark()), ids, count, List.of(OCTOBER));
  }

  /** Every node of an executed plan, adaptive query stages included. */
  private static List<SparkPlan> nodes(SparkPlan plan) {
    List<SparkPlan> all = new ArrayList<>();
    Deque<SparkPlan> todo = new ArrayDeque<>(List.of(plan));
    while (!todo.isEmpty()) {
      SparkPlan node = todo.pop();
      all.add(node);
      if (node instanceof AdaptiveSparkPlanExec adaptive) {
        todo.push(adaptive.executedPlan());
      } else if (node instanceof QueryStageExec stage) {
        todo.push(stage.plan());
      } else {
        JavaConverters.seqAsJavaList(node.children()).forEach(todo::push);
      }
    }
    return all;
  }

  /** The shuffles (not broadcasts) of {@code rows}' plan, once they have been computed. */
  private static long shuffles(Dataset<Row> rows) {
    rows.collectAsList();
    return nodes(rows.queryExecution().executedPlan()).stream()
        .filter(ShuffleExchangeExec.class::isInstance)
        .count();
  }

  private static long windows(Dataset<Row> rows) {
    return nodes(rows.queryExecution().executedPlan()).stream()
        .filter(WindowExec.class::isInstance)
        .count();
  }

  /** Shuffles with each settings: customer scope, global scope, unique ids. */
  private void assertShuffles(
      UnaryOperator<Dataset<Row>> count, long perCustomer, long global, long unique) {
    Dataset<Row> customerScope = sums(Deduplicator.Ids.PER_CUSTOMER, count);
    assertThat(shuffles(customerScope)).as("customer scope").isEqualTo(perCustomer);
    assertThat(windows(customerScope)).isEqualTo(1);
    assertThat(shuffles(sums(Deduplicator.Ids.GLOBAL, count))).as("global scope").isEqualTo(global);
    Dataset<Row> uniqueIds = sums(UNIQUE, count);
    assertThat(shuffles(uniqueIds)).as("unique ids").isEqualTo(unique);
    assertThat(windows(uniqueIds)).as("unique ids: no window").isZero();
    // A day in several rolling windows: the same shuffles.
    assertThat(shuffles(sums(sharedIds(spark()), Deduplicator.Ids.PER_CUSTOMER, count, ROLLING)))
        .as("customer scope, rolling windows")
        .isEqualTo(perCustomer);
  }

  @Test
  void perCustomerTheEventsAreShuffledOnceForTheDeduplicationAndTheSums() {
    // Each event to its periods (the default run): the customer scope's shuffle serves the window
    // and the sums; the global one shuffles by event id first; unique ids only for the sums.
    assertShuffles(ScoringPipeline::eachOnce, 1, 2, 1);
    // Per day first (the daily aggregate stores the days): the customer scope's one shuffle serves
    // the daily counts too. Without it, the daily counts (grouped by customer and day) are
    // shuffled by all four keys, and the period sums again (the day is not among their keys):
    // unique ids 2 (after map-side counting, not of every event), global 3.
    assertShuffles(ScoringPipeline::countDays, 1, 3, 2);
  }

  @Test
  void withAdaptiveExecutionTheFinalPlanHasTheOneShuffleToo() {
    // A session of its own: the shared one runs without adaptive execution (SparkTestBase).
    SparkSession adaptive = spark().newSession();
    adaptive.conf().set("spark.sql.adaptive.enabled", "true");
    adaptive.conf().set("spark.sql.shuffle.partitions", "4");
    Dataset<Row> perCustomer =
        sums(
            sharedIds(adaptive),
            Deduplicator.Ids.PER_CUSTOMER,
            ScoringPipeline::eachOnce,
            List.of(OCTOBER));
    assertThat(shuffles(perCustomer)).isEqualTo(1);
    assertThat(perCustomer.queryExecution().executedPlan())
        .isInstanceOf(AdaptiveSparkPlanExec.class);
    assertThat(
            shuffles(
                sums(
                    sharedIds(adaptive),
                    Deduplicator.Ids.GLOBAL,
                    ScoringPipeline::eachOnce,
                    List.of(OCTOBER))))
        .isEqualTo(2);
  }

  private static Object[] score(String customer, long events, String raw, String lastDay) {
    return new Object[] {
      customer,
      "month",
      Date.valueOf("2026-10-01"),
      Date.valueOf("2026-10-31"),
      events,
      new BigDecimal(raw),
      Date.valueOf(lastDay)
    };
  }

  private long duplicates(Dataset<Row> sums) {
    return InputStats.of(sums).rejectedByReason().get(RejectReason.DUPLICATE_EVENT_ID);
  }

  @Test
  void perCustomerAnIdSharedWithAnotherCustomerCountsForEach() {
    Dataset<Row> sums = sums(Deduplicator.Ids.PER_CUSTOMER, ScoringPipeline::eachOnce);
    // c1's 10:00 "a" repeats its 09:00 one: c1 1 login = 1. c2's "a" is its own: login 1 +
    // project_added 5 = 6, 2 events.
    assertDataFrameNoOrderEquals(
        df(
            TestSchemas.PERIOD_SCORES,
            score("c1", 1, "1.000000", "2026-10-05"),
            score("c2", 2, "6.000000", "2026-10-06")),
        ScoreAggregator.score(sums));
    assertThat(duplicates(sums)).isEqualTo(1);
  }

  @Test
  void globallyAnIdCountsOnceForAllCustomers() {
    Dataset<Row> sums = sums(Deduplicator.Ids.GLOBAL, ScoringPipeline::eachOnce);
    // "a" on Oct 5: c1's and c2's 09:00 events tie on time and type, c1 is the smaller customer
    // id and is kept; c1's 10:00 and c2's "a" are duplicates. c1: 1; c2: project_added 5.
    assertDataFrameNoOrderEquals(
        df(
            TestSchemas.PERIOD_SCORES,
            score("c1", 1, "1.000000", "2026-10-05"),
            score("c2", 1, "5.000000", "2026-10-06")),
        ScoreAggregator.score(sums));
    assertThat(duplicates(sums)).isEqualTo(2);
  }

  @Test
  void declaredUniqueIdsAreNotComparedSoARedeliveredEventCountsTwice() {
    Dataset<Row> sums = sums(UNIQUE, ScoringPipeline::eachOnce);
    // Nothing is rejected: c1's two logins = 2; c2: 1 + 5 = 6.
    assertDataFrameNoOrderEquals(
        df(
            TestSchemas.PERIOD_SCORES,
            score("c1", 2, "2.000000", "2026-10-05"),
            score("c2", 2, "6.000000", "2026-10-06")),
        ScoreAggregator.score(sums));
    assertThat(duplicates(sums)).isZero();
    assertThat(windows(sums)).isZero();
    // Without an id column there is nothing to compare either: the same scores.
    Dataset<Row> noIds =
        sums(
            sharedIds(spark()).drop(Columns.EVENT_ID),
            UNIQUE,
            ScoringPipeline::eachOnce,
            List.of(OCTOBER));
    assertDataFrameNoOrderEquals(ScoreAggregator.score(sums), ScoreAggregator.score(noIds));
  }
}
