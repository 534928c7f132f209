package dev.engagement.score.feature.aggregate;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.plugin.Feature;
import dev.engagement.score.core.plugin.InputContext;
import dev.engagement.score.core.plugin.StoredCounts;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.core.table.PathConflicts;
import dev.engagement.score.model.DateSpan;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily aggregate ({@code aggregate.path}, {@code --aggregate}; {@link DailyAggregate}): with
 * the run's inputs it plans which days come from the stored counts and which are read from the
 * events ({@link DailyAggregate.Plan}); the run counts the days read and, after every companion
 * table, stores the settled ones for later runs ({@link StoredCounts}).
 *
 * @param planned the run's plan and what the stored counts must have been counted under, once read
 */
public record AggregateFeature(AggregateSettings settings, Optional<Planned> planned)
    implements Feature, StoredCounts {
  private static final Logger LOG = LoggerFactory.getLogger(AggregateFeature.class);

  /**
   * The run's plan.
   *
   * @param sourceHash what the daily counts depend on besides the events ({@link
   *     DailyAggregate#sourceHash}): a day stored under another is read again
   */
  public record Planned(DailyAggregate.Plan plan, String sourceHash) {}

  /** On when {@code aggregate.path} is set. */
  public static Optional<Feature> from(JobSettings settings, ScoreRules rules) {
    return AggregateSettings.from(settings).map(a -> new AggregateFeature(a, Optional.empty()));
  }

  @Override
  public String name() {
    return AggregateSettings.BLOCK;
  }

  @Override
  public PathConflicts.Uses paths() {
    return PathConflicts.Uses.written(
        ConfigKeys.AGGREGATE_PATH + " (--aggregate)", settings.path());
  }

  @Override
  public Feature check(SparkSession spark) {
    return new AggregateFeature(
        new AggregateSettings(DailyAggregate.check(spark, settings.path()), settings.rereadDays()),
        planned);
  }

  /** Plans the run's days: the stored ones it reuses, those it reads and those it stores. */
  @Override
  public Feature read(InputContext inputs, List<String> eventTypes) {
    JobSettings s = inputs.settings();
    DateSpan span = DateSpan.of(inputs.periods());
    String sourceHash = DailyAggregate.sourceHash(s, eventTypes);
    DailyAggregate.Plan plan =
        DailyAggregate.Plan.of(
            span,
            DailyAggregate.storedDays(inputs.spark(), settings.path(), span, sourceHash),
            LocalDate.ofInstant(inputs.started(), s.timezone()),
            settings.rereadDays());
    LOG.info(
        "Days from the daily aggregate {}: {}, read from the events {}, stored {}",
        settings.path(),
        plan.reuse().map(Object::toString).orElse("none"),
        plan.read(),
        plan.store().map(Object::toString).orElse("none"));
    return new AggregateFeature(settings, Optional.of(new Planned(plan, sourceHash)));
  }

  @Override
  public DateSpan readDays() {
    return bound().plan().read();
  }

  @Override
  public boolean stores() {
    return bound().plan().store().isPresent();
  }

  @Override
  public Optional<Dataset<Row>> reused(SparkSession spark) {
    return bound().plan().reuse().map(days -> DailyAggregate.read(spark, settings.path(), days));
  }

  @Override
  public void store(Dataset<Row> dailyCounts, String runId) {
    Planned p = bound();
    p.plan()
        .store()
        .ifPresent(
            days ->
                DailyAggregate.write(dailyCounts, settings.path(), days, p.sourceHash(), runId));
  }

  private Planned bound() {
    return planned.orElseThrow(() -> new IllegalStateException("daily aggregate used before read"));
  }
}
