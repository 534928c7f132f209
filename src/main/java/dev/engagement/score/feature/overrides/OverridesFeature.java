package dev.engagement.score.feature.overrides;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.plugin.Feature;
import dev.engagement.score.core.plugin.InputContext;
import dev.engagement.score.core.plugin.Published;
import dev.engagement.score.core.plugin.RunContext;
import dev.engagement.score.core.plugin.SummaryPart;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.core.table.PathConflicts;
import dev.engagement.score.core.table.StoredScores;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Manual overrides ({@code overrides.path}, docs/overrides.md): the table is read and checked with
 * the run's inputs ({@link OverrideSource}), so that a bad override fails the run before it writes
 * anything; its step, the last on the scored rows, applies the overrides in force ({@link
 * Overrides}); after the score table's commit, the overrides it applied are the summary's {@code
 * overrides_applied} and the audit row's {@code overrides}. Always on: without a table its step
 * marks every row not overridden.
 *
 * @param loaded what it read with the inputs, once read
 */
public record OverridesFeature(Optional<OverrideSettings> settings, Optional<Loaded> loaded)
    implements Feature {
  /**
   * What it read with the run's inputs.
   *
   * @param overrides the table's overrides, when a table is set
   * @param runDate the run's business date: an override expired before it is not applied
   */
  public record Loaded(Optional<List<OverrideSource.Override>> overrides, LocalDate runDate) {}

  public static Optional<Feature> from(JobSettings settings, ScoreRules rules) {
    return Optional.of(new OverridesFeature(OverrideSettings.from(settings), Optional.empty()));
  }

  @Override
  public String name() {
    return OverrideSettings.BLOCK;
  }

  @Override
  public PathConflicts.Uses paths() {
    return PathConflicts.Uses.read(ConfigKeys.OVERRIDES_PATH, settings.map(OverrideSettings::path));
  }

  @Override
  public Feature read(InputContext inputs, List<String> eventTypes) {
    ScoreRules rules = inputs.rules();
    LocalDate runDate = LocalDate.ofInstant(inputs.started(), inputs.settings().timezone());
    Optional<List<OverrideSource.Override>> overrides =
        settings.map(
            o ->
                OverrideSource.read(
                    inputs.spark(),
                    o,
                    rules.tiers(),
                    OverrideSource.ForcedScore.of(rules),
                    runDate));
    return new OverridesFeature(settings, Optional.of(new Loaded(overrides, runDate)));
  }

  /** The overrides in force applied to the scored rows, after every other feature's step. */
  @Override
  public Dataset<Row> enrich(Dataset<Row> scored, RunContext run) {
    Loaded r = inputs();
    return r.overrides()
        .map(
            list ->
                Overrides.apply(
                    scored,
                    OverrideSource.inForce(run.spark(), list, r.runDate()),
                    run.rules().tiers(),
                    run.rules().tieredColumn()))
        .orElseGet(() -> Overrides.none(scored));
  }

  /** The overrides in force that the score table's commit applied ({@link OverrideSource}). */
  @Override
  public Optional<SummaryPart> publish(Published published) {
    RunContext run = published.run();
    Loaded r = inputs();
    return Optional.of(
        part(
            r.overrides()
                .map(
                    list ->
                        OverrideSource.applied(
                            list,
                            r.runDate(),
                            StoredScores.overriddenRows(
                                run.spark(), run.output(), published.version(), run.runId())))
                .orElse(List.of())));
  }

  @Override
  public Optional<SummaryPart> skipped() {
    return Optional.of(part(List.of()));
  }

  /**
   * The summary shows how many were applied, the audit row each: its {@code overrides} column, an
   * array of the audit table's override structs (customer, period start and end, score, tier,
   * reason, author).
   */
  private static SummaryPart part(List<OverrideSource.Applied> applied) {
    Row[] audit =
        applied.stream()
            .map(
                o ->
                    RowFactory.create(
                        o.customerId(),
                        Date.valueOf(o.periodStart()),
                        Date.valueOf(o.periodEnd()),
                        o.score().orElse(null),
                        o.tier().orElse(null),
                        o.reason(),
                        o.author()))
            .toArray(Row[]::new);
    return SummaryPart.ofScoreTable(
        "overrides_applied", applied.size(), applied, Map.of("overrides", audit));
  }

  private Loaded inputs() {
    return loaded.orElseThrow(() -> new IllegalStateException("overrides used before read"));
  }
}
