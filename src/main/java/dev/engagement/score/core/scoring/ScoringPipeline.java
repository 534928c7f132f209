package dev.engagement.score.core.scoring;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import dev.engagement.score.core.categories.Categories;
import dev.engagement.score.core.categories.CategoryScores;
import dev.engagement.score.core.events.DayAssigner;
import dev.engagement.score.core.events.Deduplicator;
import dev.engagement.score.core.events.EventTypeCounter;
import dev.engagement.score.core.events.RejectTagger;
import dev.engagement.score.core.normalization.Normalizer;
import dev.engagement.score.core.weights.PeriodWeights;
import dev.engagement.score.core.weights.Weighting;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.DateSpan;
import dev.engagement.score.model.Period;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The job's transforms chained in order, without I/O: what {@code ScoreJob} runs between reading
 * and writing, and what tests and notebooks call to score in-memory data exactly like the job.
 */
public final class ScoringPipeline {
  private ScoringPipeline() {}

  /**
   * Validated events to one row per event of {@code days}, tagged with its business {@code
   * local_date} and, for the events that cannot be scored, a {@code reject_reason} (events whose
   * time is unusable are kept, with a null date); duplicate event ids as {@code ids} says.
   */
  public static Dataset<Row> tagEvents(
      Dataset<Row> events,
      DateSpan days,
      ZoneId zone,
      RejectTagger.Checks checks,
      List<String> knownTypes,
      Deduplicator.Ids ids) {
    return dateEvents(events, days, zone, checks).transform(e -> tagTypes(e, knownTypes, ids));
  }

  /**
   * The first half of {@link #tagEvents}, which does not depend on the weights: events tagged with
   * their business {@code local_date}, their time problems and, after the day assignment (which
   * keeps every event already rejected), customer ids with outer whitespace.
   */
  public static Dataset<Row> dateEvents(
      Dataset<Row> events, DateSpan days, ZoneId zone, RejectTagger.Checks checks) {
    return events
        .transform(e -> RejectTagger.tagTimes(e, checks.earliest(), checks.latest()))
        .transform(e -> DayAssigner.assign(e, days, zone))
        .transform(e -> RejectTagger.tagCustomerIds(e, checks.customerIdWhitespace()));
  }

  /**
   * The second half of {@link #tagEvents}: {@link #dateEvents} output tagged with the reasons that
   * depend on the {@code knownTypes} of a weight table, duplicates last (only scorable events are
   * de-duplicated, as {@code ids} says), so that one read of the events can be scored with several
   * weight tables. In the default {@link Deduplicator.Ids#PER_CUSTOMER} scope the result is
   * partitioned by customer, which the sums after it reuse.
   */
  public static Dataset<Row> tagTypes(
      Dataset<Row> datedEvents, List<String> knownTypes, Deduplicator.Ids ids) {
    return datedEvents
        .transform(e -> RejectTagger.tagRows(e, knownTypes))
        .transform(e -> Deduplicator.markDuplicates(e, ids));
  }

  /** Tagged events to counts per customer, business day, event type and reject reason. */
  public static Dataset<Row> countDays(Dataset<Row> taggedEvents) {
    return taggedEvents.transform(EventTypeCounter::countDays);
  }

  /**
   * Tagged events as counts of 1, the shape of {@link #countDays}' output: for runs that keep no
   * daily counts, so that events go to their periods without a per-day aggregation first.
   */
  public static Dataset<Row> eachOnce(Dataset<Row> taggedEvents) {
    return taggedEvents.transform(EventTypeCounter::eachOnce);
  }

  /**
   * Daily counts (or {@link #eachOnce} events) to sums per customer, period and reject reason:
   * {@code event_count} and the weighted {@code raw_score}. Weights are attached to the days,
   * before the aggregation, so that it keeps one row per customer and period rather than one per
   * type. With recency decay ({@link PeriodWeights}), each day's weight depends on its age in the
   * period too.
   */
  public static Dataset<Row> sumPeriods(
      Dataset<Row> dailyCounts, List<Period> periods, Dataset<Row> periodWeights) {
    return sumPeriods(dailyCounts, periods, periodWeights, Categories.OFF);
  }

  /**
   * {@link #sumPeriods(Dataset, List, Dataset)}, with each category's raw sub-score when {@code
   * categories} are on ({@link CategoryScores}); exactly that plan when they are off.
   */
  public static Dataset<Row> sumPeriods(
      Dataset<Row> dailyCounts,
      List<Period> periods,
      Dataset<Row> periodWeights,
      Categories categories) {
    return weighPeriods(dailyCounts, periods, periodWeights)
        .transform(w -> sumWeighted(w, col(Columns.EVENT_COUNT), periodWeights, categories));
  }

  /**
   * Daily counts to sums per customer, period, event type and reject reason, with {@code caps}
   * applied (see {@link TypeSums}): for caps and the breakdown table. {@link #sumPeriodsOfTypes}
   * turns them into the period sums.
   */
  public static Dataset<Row> sumTypes(
      Dataset<Row> dailyCounts,
      List<Period> periods,
      Dataset<Row> periodWeights,
      Map<String, Long> caps) {
    return weighPeriods(dailyCounts, periods, periodWeights).transform(w -> TypeSums.of(w, caps));
  }

  /**
   * Per-type sums to the period sums of {@link #sumPeriods}, each type weighing its {@code counted}
   * events: without caps, exactly what {@link #sumPeriods} gives.
   */
  public static Dataset<Row> sumPeriodsOfTypes(
      Dataset<Row> typeSums, Dataset<Row> periodWeights, Categories categories) {
    return sumWeighted(typeSums, col(Columns.COUNTED), periodWeights, categories);
  }

  /** Counts assigned to their periods, with their weights: what every sum starts from. */
  private static Dataset<Row> weighPeriods(
      Dataset<Row> dailyCounts, List<Period> periods, Dataset<Row> periodWeights) {
    return dailyCounts
        // The day survives the period assignment as the latest scored event's date.
        .withColumn(Columns.LAST_EVENT_DATE, col(Columns.LOCAL_DATE))
        .transform(
            days -> PeriodAssigner.assign(days, periods, PeriodWeights.decayed(periodWeights)))
        .transform(days -> Weighting.attach(days, periodWeights));
  }

  /** Weighted rows to period sums, {@code counted} events of each weighing. */
  private static Dataset<Row> sumWeighted(
      Dataset<Row> weighted, Column counted, Dataset<Row> periodWeights, Categories categories) {
    if (!categories.enabled()) {
      return ScoreAggregator.sumPeriods(weighted, counted, List.of());
    }
    return weighted
        .transform(w -> CategoryScores.attach(w, periodWeights))
        .transform(
            w ->
                ScoreAggregator.sumPeriods(w, counted, List.copyOf(categories.weights().keySet())));
  }

  /**
   * Period sums to one row per customer and period: raw, normalized, the {@code sub_scores} and
   * {@code combined_score} of the categories (null when off) and the tier on the score the {@code
   * rules} tier ({@link ScoreRules#tieredColumn()}), with the {@code weights_version} of {@code
   * periodWeights} that produced them. The sums are read twice (period bounds, then each row), so a
   * caller with large input caches them first.
   */
  public static Dataset<Row> score(
      Dataset<Row> periodSums, Dataset<Row> periodWeights, ScoreRules rules) {
    return ScoreAggregator.score(periodSums)
        .join(
            broadcast(PeriodWeights.versions(periodWeights)), Columns.joinKeys(Columns.PERIOD_KEYS))
        .transform(s -> Normalizer.normalize(s, rules.normalization()))
        .transform(s -> CategoryScores.combine(s, rules.categories(), rules.normalization()))
        .transform(s -> TierAssigner.assign(s, rules.tiers(), rules.tieredColumn()));
  }
}
