package dev.engagement.score.run;

import dev.engagement.score.core.plugin.Feature;
import dev.engagement.score.core.plugin.Published;
import dev.engagement.score.core.plugin.RunContext;
import dev.engagement.score.core.plugin.SummaryPart;
import dev.engagement.score.core.scoring.OutputContract;
import dev.engagement.score.core.scoring.OutputRows;
import dev.engagement.score.core.scoring.ScoringPipeline;
import dev.engagement.score.core.table.ScoreTable;
import dev.engagement.score.core.table.TableLocation;
import dev.engagement.score.core.weights.PeriodWeights;
import dev.engagement.score.model.JobVersion;
import dev.engagement.score.model.Period;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Scores the counted periods and publishes them: the score table first (one commit), then, each
 * explained by it, each feature's companion table in the order of registration (the restatement log
 * first), the daily aggregate, the catalog name and its views.
 */
final class Publisher {
  private Publisher() {}

  /**
   * What a run published: the score table's commit, the weights versions it scored with, and the
   * features' parts.
   */
  record Result(
      long rowsScored, long version, List<String> weightsVersions, List<SummaryPart> parts) {
    /**
     * Nothing published: the table stays at {@code version}; {@code parts} are the features' parts
     * of such a run ({@link Feature#skipped}).
     */
    static Result nothing(long version, List<String> used, List<SummaryPart> parts) {
      return new Result(0, version, used, parts);
    }
  }

  static Result publish(ScoreRun.Run run, RunContext context, ScoreRun.Counted counted) {
    SparkSession spark = context.spark();
    // The scores are compared with themselves (trend, activity, then transitions), each comparison
    // reading its input twice: kept, they are one small table in each later plan, instead of
    // plans that repeat the whole pipeline with every comparison (megabytes of plan with every
    // option on, which Spark's optimizer took minutes and gigabytes to get through).
    List<Dataset<Row>> kept = new ArrayList<>();
    // Each feature bound to this run: what its step and its table both use is computed once.
    List<Feature> features = run.features().stream().map(f -> f.prepare(context)).toList();
    try {
      Dataset<Row> scored =
          run.steps()
              .get(
                  "score the customers, with each feature's step",
                  () ->
                      score(run, counted)
                          .transform(rows -> keep(rows, kept))
                          .transform(rows -> enrich(rows, run, context, features))
                          .transform(rows -> keep(rows, kept)));
      return publishScored(spark, run, counted, new Scored(context, features, scored));
    } finally {
      kept.forEach(Dataset::unpersist);
      features.forEach(Feature::release);
    }
  }

  /** The period sums scored: raw, normalized, combined and tier. */
  private static Dataset<Row> score(ScoreRun.Run run, ScoreRun.Counted counted) {
    return ScoringPipeline.score(counted.periodSums(), run.inputs().periodWeights(), run.rules());
  }

  /**
   * The scores with each feature's step (trend, activity, the provisional flag, ..., the overrides
   * in force last), shaped into the score table's rows.
   */
  private static Dataset<Row> enrich(
      Dataset<Row> scores, ScoreRun.Run run, RunContext context, List<Feature> features) {
    Dataset<Row> rows = scores;
    for (Feature feature : features) {
      rows = feature.enrich(rows, context);
    }
    return rows.transform(
            r ->
                OutputRows.shape(
                    r,
                    scoreLayout(run).schema(),
                    context.started(),
                    JobVersion.VALUE,
                    context.runId()))
        .transform(r -> OutputContract.enforce(r, run.rules()));
  }

  /**
   * {@code rows}, cached (added to {@code kept}, to release) and read back as a table of their own:
   * later plans hold a scan of them rather than the plan that computed them. Their RDD keeps its
   * lineage, so lost cached blocks are recomputed.
   */
  private static Dataset<Row> keep(Dataset<Row> rows, List<Dataset<Row>> kept) {
    Dataset<Row> cached = rows.persist(StorageLevel.MEMORY_AND_DISK());
    kept.add(cached);
    return rows.sparkSession().createDataFrame(cached.javaRDD(), cached.schema());
  }

  /** The score table's layout with the columns the run's features add ({@code top_drivers}). */
  private static ScoreTable.Layout scoreLayout(ScoreRun.Run run) {
    return ScoreTable.SCORES.withColumns(
        run.features().stream().flatMap(f -> f.scoreColumns().stream()).toList());
  }

  /** The run's context, its prepared features and the rows it writes to the score table. */
  private record Scored(RunContext context, List<Feature> features, Dataset<Row> rows) {}

  /** Writes the {@code scored} rows, then what they explain: the features' companion tables. */
  private static Result publishScored(
      SparkSession spark, ScoreRun.Run run, ScoreRun.Counted counted, Scored scored) {
    RunContext context = scored.context();
    List<Period> periods = context.periods();
    TableLocation output = run.outputs().output();
    Steps steps = run.steps();
    ScoreTable.WriteResult written =
        steps.get(
            "write the score table",
            () ->
                ScoreTable.write(
                    scored.rows(),
                    output,
                    periods,
                    context.runId(),
                    context.labels(),
                    scoreLayout(run)));
    run.progress().committed(written.version());
    Published published = new Published(context, scored.rows(), written.version());
    // Only after the scores are committed, so that no companion explains scores that were not
    // published; the restatement log right after the commit it explains. If one fails, the run
    // fails (audit row "failed") and the new scores stay.
    List<SummaryPart> parts =
        scored.features().stream()
            .flatMap(f -> steps.feature(f.name() + " table", () -> f.publish(published)).stream())
            .toList();
    // The days read, stored for later runs (the daily aggregate): after every companion table.
    run.inputs()
        .storedCounts()
        .ifPresent(
            s ->
                steps.run(
                    "store the days read in the daily aggregate",
                    () -> s.store(counted.fresh(), context.runId())));
    run.outputs().register(spark);
    return new Result(
        written.rowsWritten(),
        written.version(),
        PeriodWeights.distinctVersions(run.inputs().periodWeights()),
        parts);
  }
}
