package dev.engagement.score.run;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.events.Deduplicator;
import dev.engagement.score.core.events.EventSource;
import dev.engagement.score.core.plugin.InputContext;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.core.scoring.ScoringPipeline;
import dev.engagement.score.core.weights.PeriodWeights;
import dev.engagement.score.core.weights.WeightSource;
import dev.engagement.score.model.DateSpan;
import dev.engagement.score.model.Period;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * What a run over some periods would score with each of several weight tables (read with {@link
 * Reads#weights}), in that order, written nowhere: one per weight table; closing them releases the
 * events kept for them.
 */
public record Previews(List<Dataset<Row>> scores, Dataset<Row> events) implements AutoCloseable {

  /**
   * The events are read once: with several tables, they are kept (memory and disk) after the steps
   * that do not depend on the weights, until the previews are closed. Every weight table is checked
   * before any event is read.
   */
  public static Previews of(
      SparkSession spark,
      JobSettings settings,
      ScoreRules rules,
      List<Period> periods,
      List<WeightSource.WeightTable> weightTables) {
    List<Dataset<Row>> periodWeights =
        weightTables.stream()
            .map(w -> PeriodWeights.of(spark, w, periods, rules.decayHalfLifeDays()))
            .toList();
    Instant now = Instant.now();
    UnaryOperator<Dataset<Row>> sumsSteps =
        Reads.sumsSteps(
            new InputContext(spark, settings, rules, periods, now), Features.of(settings, rules));
    DateSpan days = DateSpan.of(periods);
    Dataset<Row> dated =
        Reads.dated(settings, EventSource.read(spark, settings.events(), days).events(), days, now);
    Dataset<Row> events =
        weightTables.size() > 1 ? dated.persist(StorageLevel.MEMORY_AND_DISK()) : dated;
    List<Dataset<Row>> scores = new ArrayList<>();
    for (int i = 0; i < weightTables.size(); i++) {
      Dataset<Row> weights = periodWeights.get(i);
      Dataset<Row> counts =
          ScoringPipeline.eachOnce(
              ScoringPipeline.tagTypes(
                  events,
                  weightTables.get(i).eventTypes(),
                  Deduplicator.Ids.of(settings.events())));
      Dataset<Row> sums =
          Sums.periods(
              rules, Sums.types(rules, false, counts, periods, weights), counts, periods, weights);
      scores.add(ScoringPipeline.score(sums.transform(sumsSteps::apply), weights, rules));
    }
    return new Previews(List.copyOf(scores), events);
  }

  @Override
  public void close() {
    events.unpersist();
  }
}
