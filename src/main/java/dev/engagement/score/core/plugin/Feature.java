package dev.engagement.score.core.plugin;

import dev.engagement.score.core.table.PathConflicts;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * An optional feature of a scoring run, built from its settings block when they turn it on
 * (docs/architecture.md). The run calls it at fixed points, each a default that does nothing: the
 * paths it reads and writes are checked with every other path before anything is read; its tables
 * are checked before any input is read; it reads its own inputs with the run's (and may add a step
 * on the period sums); it sees the counts before the run's guards; its step runs on the scored rows
 * before they are shaped into the score table's (and may add columns to it); and after the score
 * table's commit it writes its companion table and reports its part of the run summary (and of the
 * audit row). A feature that keeps counts between runs also implements {@link StoredCounts}.
 */
public interface Feature {
  /** Its settings block, e.g. {@code transitions}: for logs. */
  String name();

  /** The paths it reads and writes, named by their settings, for {@link PathConflicts}. */
  default PathConflicts.Uses paths() {
    return PathConflicts.Uses.NONE;
  }

  /**
   * Its tables checked (each new or a table of this job), before any input is read.
   *
   * @return this feature with its tables' paths fully qualified
   */
  default Feature check(SparkSession spark) {
    return this;
  }

  /**
   * Its step on the period sums (per customer, period and reject reason), before they are counted
   * and scored, with what it reads for it read and checked now, with the run's inputs, before any
   * event: bad input fails before the run writes anything. The weight preview's scores take it too,
   * so it must write nothing.
   */
  default UnaryOperator<Dataset<Row>> sumsStep(InputContext inputs) {
    return UnaryOperator.identity();
  }

  /**
   * Reads and checks what it needs of its own (e.g. the overrides table), with the run's inputs,
   * after the weights and before any event: bad input fails before the run writes anything.
   *
   * @param eventTypes the event types of the run's weights (events of other types are rejected)
   * @return this feature bound to what it read
   */
  default Feature read(InputContext inputs, List<String> eventTypes) {
    return this;
  }

  /**
   * Once the run has counted its events, before its guards (so also when they fail it, or it skips
   * publishing): e.g. the rejects table, which explains a failure for too many rejects.
   */
  default void counted(RunContext run) {}

  /**
   * This feature bound to one run, once the run has counted and passed its guards: a feature whose
   * step and table use the same rows computes them here, once, and keeps them until {@link
   * #release()}.
   */
  default Feature prepare(RunContext run) {
    return this;
  }

  /** Releases what {@link #prepare} kept: called when the run has published, or failed. */
  default void release() {}

  /** Whether it needs the counts summed per event type ({@link RunContext#typeSums()}). */
  default boolean needsTypeSums() {
    return false;
  }

  /**
   * The columns it adds to the score table, after the table's own, nullable (e.g. {@code
   * top_drivers}): its {@link #enrich} step adds them. Added to an existing table by the first run
   * with the feature on; kept, null in the rows written, when it is off.
   */
  default List<StructField> scoreColumns() {
    return List.of();
  }

  /** Its step on the scored rows, one per customer and period, in the order of registration. */
  default Dataset<Row> enrich(Dataset<Row> scored, RunContext run) {
    return scored;
  }

  /**
   * Writes its companion table, after the score table's commit (so that it never explains scores
   * that were not published), and returns its part of the run summary, if any.
   */
  default Optional<SummaryPart> publish(Published published) {
    return Optional.empty();
  }

  /**
   * Its part of the summary of a run that published nothing (on_empty = skip), for a part that
   * every summary shows.
   */
  default Optional<SummaryPart> skipped() {
    return Optional.empty();
  }
}
