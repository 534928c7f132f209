package dev.engagement.score.run;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.plugin.Feature;
import dev.engagement.score.core.plugin.InputContext;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.core.weights.PeriodWeights;
import dev.engagement.score.core.weights.WeightSource;
import dev.engagement.score.feature.aggregate.DailyAggregate;
import dev.engagement.score.model.DateSpan;
import dev.engagement.score.model.JobVersion;
import dev.engagement.score.model.Period;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a scoring run reads, read and checked before it records its start or writes anything:
 * the weights, what the features read (the customer dimension, the overrides), the daily
 * aggregate's plan and the events (their schema checked; their rows are read when the run counts
 * them). Bad input fails here, with exit 2, and changes nothing.
 *
 * @param sumsSteps the features' steps on the period sums ({@link Reads#sumsSteps})
 * @param features the run's features, bound to what they read ({@link Feature#read})
 * @param sourceHash what the daily counts depend on ({@link DailyAggregate})
 * @param events the events of the days to read, validated and tagged ({@link Reads#tagged})
 */
public record RunInputs(
    WeightSource.WeightTable weights,
    Dataset<Row> periodWeights,
    UnaryOperator<Dataset<Row>> sumsSteps,
    List<Feature> features,
    DailyAggregate.Plan plan,
    String sourceHash,
    Dataset<Row> events) {
  private static final Logger LOG = LoggerFactory.getLogger(RunInputs.class);

  public static RunInputs read(
      SparkSession spark,
      JobSettings settings,
      ScoreRules rules,
      List<Period> periods,
      ScoreOutputs outputs,
      Instant started) {
    DateSpan span = DateSpan.of(periods);
    WeightSource.WeightTable weights =
        Reads.weights(spark, rules, settings.weights(), WeightSource.SETTING);
    Dataset<Row> periodWeights =
        PeriodWeights.of(spark, weights, periods, rules.decayHalfLifeDays());
    InputContext inputs = new InputContext(spark, settings, rules, periods, started);
    UnaryOperator<Dataset<Row>> sumsSteps = Reads.sumsSteps(inputs, outputs.features());
    List<Feature> features =
        outputs.features().stream().map(f -> f.read(inputs, weights.eventTypes())).toList();
    LocalDate runDate = LocalDate.ofInstant(started, settings.timezone());
    String sourceHash = Reads.sourceHash(settings, weights.eventTypes());
    DailyAggregate.Plan plan =
        outputs
            .aggregate()
            .map(
                path ->
                    DailyAggregate.Plan.of(
                        span,
                        DailyAggregate.storedDays(spark, path, span, sourceHash),
                        runDate,
                        settings.aggregate().orElseThrow().rereadDays()))
            .orElse(new DailyAggregate.Plan(Optional.empty(), span, Optional.empty()));
    outputs
        .aggregate()
        .ifPresent(
            path ->
                LOG.info(
                    "Days from the daily aggregate {}: {}, read from the events {}, stored {}",
                    path,
                    plan.reuse().map(Object::toString).orElse("none"),
                    plan.read(),
                    plan.store().map(Object::toString).orElse("none")));
    Dataset<Row> events = Reads.tagged(spark, settings, plan.read(), weights, started);
    return new RunInputs(weights, periodWeights, sumsSteps, features, plan, sourceHash, events);
  }

  /** The daily aggregate's stored counts of the days the plan reuses, if any. */
  public Optional<Dataset<Row>> reused(SparkSession spark, ScoreOutputs outputs) {
    return plan.reuse().map(days -> DailyAggregate.read(spark, outputs.aggregate().get(), days));
  }

  /** The stored scores' labels: the job and the weights of the latest run (table properties). */
  public Map<String, String> labels() {
    return Map.of(
        dev.engagement.score.core.table.ScoreTable.JOB_VERSION_PROPERTY,
        JobVersion.VALUE,
        dev.engagement.score.core.table.ScoreTable.WEIGHTS_HASH_PROPERTY,
        weights.hash());
  }
}
