package dev.engagement.score.run;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.events.Deduplicator;
import dev.engagement.score.core.events.EventSource;
import dev.engagement.score.core.events.EventValidator;
import dev.engagement.score.core.events.RejectTagger;
import dev.engagement.score.core.plugin.Feature;
import dev.engagement.score.core.plugin.InputContext;
import dev.engagement.score.core.scoring.Caps;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.core.scoring.ScoringPipeline;
import dev.engagement.score.core.weights.WeightSource;
import dev.engagement.score.model.DateSpan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * How the scoring run, the weight preview and the backtest read their inputs, the same way: the
 * weights checked against the settings, the events validated and tagged, the features' steps on the
 * period sums.
 */
public final class Reads {
  private Reads() {}

  /**
   * Reads the weight table at {@code source} and checks it against the score's rules (categories,
   * caps), before any event is read.
   *
   * @param setting where the user sets its path, for messages: {@link WeightSource#SETTING}, or
   *     e.g. {@code --proposed-weights}
   */
  public static WeightSource.WeightTable weights(
      SparkSession spark, ScoreRules rules, JobSettings.Weights source, String setting) {
    WeightSource.WeightTable weights = WeightSource.read(spark, source, setting);
    weights.requireCategories(rules.categories().weights().keySet(), source.path());
    Caps.requireKnown(rules.caps(), weights.eventTypes(), source.path());
    return weights;
  }

  /**
   * The events of {@code days} as {@link EventSource#read} found them, validated and tagged with
   * their day and reject reasons; the backtest counts them the same way.
   */
  public static Dataset<Row> tagged(
      JobSettings settings,
      Dataset<Row> read,
      DateSpan days,
      WeightSource.WeightTable weights,
      Instant now) {
    return ScoringPipeline.tagTypes(
        dated(settings, read, days, now),
        weights.eventTypes(),
        Deduplicator.Ids.of(settings.events()));
  }

  /**
   * The events of {@code days} as {@link EventSource#read} found them, validated and tagged with
   * their day and time problems: what does not depend on the weights ({@link
   * ScoringPipeline#dateEvents}).
   */
  static Dataset<Row> dated(JobSettings settings, Dataset<Row> read, DateSpan days, Instant now) {
    JobSettings.Events source = settings.events();
    return ScoringPipeline.dateEvents(
        EventValidator.validate(read, source, settings.timezone()),
        days,
        settings.timezone(),
        new RejectTagger.Checks(
            source.minTime(),
            now.plus(Duration.ofDays(source.maxDaysAhead())),
            source.customerIdWhitespace()));
  }

  /**
   * The features' steps on the period sums ({@link Feature#sumsStep}: the customer dimension's), in
   * the order of registration, what they read read and checked now, before any event.
   */
  public static UnaryOperator<Dataset<Row>> sumsSteps(InputContext inputs, List<Feature> features) {
    List<UnaryOperator<Dataset<Row>>> steps =
        features.stream().map(f -> f.sumsStep(inputs)).toList();
    return sums -> {
      Dataset<Row> stepped = sums;
      for (UnaryOperator<Dataset<Row>> step : steps) {
        stepped = step.apply(stepped);
      }
      return stepped;
    };
  }
}
