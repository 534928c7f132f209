package dev.engagement.score.transform;

import dev.engagement.score.config.Normalization;
import dev.engagement.score.config.TierRules;
import dev.engagement.score.period.Period;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The job's transforms chained in order, without I/O: what {@code ScoreJob} runs between reading
 * and writing, and what tests and notebooks call to score in-memory data exactly like the job.
 */
public final class ScoringPipeline {
  private ScoringPipeline() {}

  /**
   * Validated events to one row per event and period it falls in, with {@code reject_reason} set
   * for the events that cannot be scored (kept, with null periods when their time is unusable).
   *
   * @param earliest the earliest sane event time
   * @param latest the latest sane event time
   */
  public static Dataset<Row> tagEvents(
      Dataset<Row> events,
      List<Period> periods,
      ZoneId zone,
      Instant earliest,
      Instant latest,
      List<String> knownTypes) {
    return events
        .transform(e -> RejectTagger.tagTimes(e, earliest, latest))
        .transform(e -> PeriodAssigner.assign(e, periods, zone))
        .transform(e -> RejectTagger.tagRows(e, knownTypes))
        .transform(Deduplicator::markDuplicates);
  }

  /** Tagged events to weighted counts per customer, period, event type and reject reason. */
  public static Dataset<Row> countTypes(Dataset<Row> taggedEvents, Dataset<Row> weights) {
    return taggedEvents
        .transform(EventTypeCounter::count)
        .transform(counts -> Weighting.attach(counts, weights));
  }

  /** Weighted counts to one row per customer and period: raw, normalized and tier. */
  public static Dataset<Row> score(
      Dataset<Row> typeCounts,
      Normalization normalization,
      TierRules tiers,
      boolean tiersOnNormalized) {
    return typeCounts
        .transform(ScoreAggregator::score)
        .transform(scores -> MinMaxNormalizer.normalize(scores, normalization))
        .transform(scores -> TierAssigner.assign(scores, tiers, tiersOnNormalized));
  }
}
