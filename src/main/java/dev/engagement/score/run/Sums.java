package dev.engagement.score.run;

import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.core.scoring.ScoringPipeline;
import dev.engagement.score.model.Period;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The counts summed for scoring, as the run and the weight preview both sum them. */
final class Sums {
  private Sums() {}

  /**
   * The sums per event type (caps applied) when caps, the breakdown or another feature ({@code
   * featuresNeedThem}) need them; empty otherwise, so that the default run aggregates straight to
   * customers and periods.
   */
  static Optional<Dataset<Row>> types(
      ScoreRules rules,
      boolean featuresNeedThem,
      Dataset<Row> counts,
      List<Period> periods,
      Dataset<Row> periodWeights) {
    if (!rules.sumsPerType() && !featuresNeedThem) {
      return Optional.empty();
    }
    return Optional.of(ScoringPipeline.sumTypes(counts, periods, periodWeights, rules.caps()));
  }

  /** The period sums: from the per-type sums when there are any, else straight from the counts. */
  static Dataset<Row> periods(
      ScoreRules rules,
      Optional<Dataset<Row>> types,
      Dataset<Row> counts,
      List<Period> periods,
      Dataset<Row> periodWeights) {
    return types
        .map(t -> ScoringPipeline.sumPeriodsOfTypes(t, periodWeights, rules.categories()))
        .orElseGet(
            () -> ScoringPipeline.sumPeriods(counts, periods, periodWeights, rules.categories()));
  }
}
