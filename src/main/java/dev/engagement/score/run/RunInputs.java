package dev.engagement.score.run;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.events.EventSource;
import dev.engagement.score.core.plugin.Feature;
import dev.engagement.score.core.plugin.InputContext;
import dev.engagement.score.core.plugin.StoredCounts;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.core.weights.PeriodWeights;
import dev.engagement.score.core.weights.WeightSource;
import dev.engagement.score.model.DateSpan;
import dev.engagement.score.model.JobVersion;
import dev.engagement.score.model.Period;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Everything a scoring run reads, read and checked before it records its start or writes anything:
 * the weights, what the features read (the customer dimension, the overrides, the daily aggregate's
 * plan) and the events (their schema checked, and none on disk for the period failing here with
 * on_empty = fail; their rows are read when the run counts them). Bad input fails here, with exit
 * 2, and changes nothing.
 *
 * @param sumsSteps the features' steps on the period sums ({@link Reads#sumsSteps})
 * @param features the run's features, bound to what they read ({@link Feature#read})
 * @param events the events of the days to read, validated and tagged ({@link Reads#tagged})
 */
public record RunInputs(
    WeightSource.WeightTable weights,
    Dataset<Row> periodWeights,
    UnaryOperator<Dataset<Row>> sumsSteps,
    List<Feature> features,
    Dataset<Row> events) {

  public static RunInputs read(
      SparkSession spark,
      JobSettings settings,
      ScoreRules rules,
      List<Period> periods,
      ScoreOutputs outputs,
      Instant started) {
    WeightSource.WeightTable weights =
        Reads.weights(spark, rules, settings.weights(), WeightSource.SETTING);
    Dataset<Row> periodWeights =
        PeriodWeights.of(spark, weights, periods, rules.decayHalfLifeDays());
    InputContext inputs = new InputContext(spark, settings, rules, periods, started);
    UnaryOperator<Dataset<Row>> sumsSteps = Reads.sumsSteps(inputs, outputs.features());
    List<Feature> features =
        outputs.features().stream().map(f -> f.read(inputs, weights.eventTypes())).toList();
    Optional<StoredCounts> stored = storedCounts(features);
    DateSpan days = stored.map(StoredCounts::readDays).orElse(DateSpan.of(periods));
    EventSource.Found read = EventSource.read(spark, settings.events(), days);
    RunGuards.requireEventsOnDisk(read, stored.isPresent(), settings, DateSpan.of(periods));
    Dataset<Row> events = Reads.tagged(settings, read.events(), days, weights, started);
    return new RunInputs(weights, periodWeights, sumsSteps, features, events);
  }

  /** The counts the run keeps per day ({@link StoredCounts}: the daily aggregate), if any. */
  public Optional<StoredCounts> storedCounts() {
    return storedCounts(features);
  }

  private static Optional<StoredCounts> storedCounts(List<Feature> features) {
    return features.stream()
        .filter(StoredCounts.class::isInstance)
        .map(StoredCounts.class::cast)
        .findFirst();
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
