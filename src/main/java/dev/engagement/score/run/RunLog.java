package dev.engagement.score.run;

import dev.engagement.score.core.scoring.InputStats;
import dev.engagement.score.core.table.DeltaCommits;
import dev.engagement.score.core.table.TableLocation;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.DateSpan;
import dev.engagement.score.model.JobVersion;
import dev.engagement.score.model.Period;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.JavaConverters;

/**
 * The {@code _runs} audit table next to the output (by default at {@code output.path + "_runs"}),
 * answering "which run wrote this period, with which weights and settings?". A run that passes its
 * checks appends a {@code started} row before it writes anything, then one final row: {@code ok},
 * {@code skipped} or {@code failed}. Every Delta commit the run makes carries its {@code run_id}
 * ({@link RunSession}), so a run killed between the two rows is still explained: its started row
 * names its settings, and the output's history the versions it committed.
 */
public final class RunLog {
  private static final Logger LOG = LoggerFactory.getLogger(RunLog.class);

  public static final String STARTED = "started";
  public static final String FAILED = "failed";

  /** An override the run applied (docs/overrides.md). */
  public static final StructType OVERRIDE =
      new StructType()
          .add(Columns.CUSTOMER_ID, DataTypes.StringType)
          .add(Columns.PERIOD_START, DataTypes.DateType)
          .add(Columns.PERIOD_END, DataTypes.DateType)
          .add("score", Columns.RAW_SCORE_TYPE)
          .add("tier", DataTypes.StringType)
          .add("reason", DataTypes.StringType)
          .add("author", DataTypes.StringType);

  private static final DataType COUNTS =
      DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType);

  /** A period's counts ({@link InputStats.PeriodCounts}) and what the run replaced. */
  public static final StructType PERIOD_STATS =
      new StructType()
          .add(Columns.PERIOD_START, DataTypes.DateType)
          .add(Columns.PERIOD_END, DataTypes.DateType)
          .add("rows_in", DataTypes.LongType)
          .add("scored_events", DataTypes.LongType)
          .add("previous_scored_events", DataTypes.LongType)
          .add("rejected", COUNTS);

  public static final StructType SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType)
          .add("started_at", DataTypes.TimestampType)
          .add("ended_at", DataTypes.TimestampType)
          .add("status", DataTypes.StringType)
          .add("period_kind", DataTypes.StringType)
          .add("first_period_start", DataTypes.DateType)
          .add("last_period_end", DataTypes.DateType)
          .add("periods", DataTypes.createArrayType(DataTypes.StringType))
          .add("rows_in", DataTypes.LongType)
          .add("rows_scored", DataTypes.LongType)
          .add("rejected", COUNTS)
          .add("output_path", DataTypes.StringType)
          .add("output_version", DataTypes.LongType)
          .add("config_hash", DataTypes.StringType)
          .add("weights_hash", DataTypes.StringType)
          .add("job_version", DataTypes.StringType)
          .add("error", DataTypes.StringType)
          // Added later: appended with schema evolution to older audit tables.
          .add("weights_versions", DataTypes.createArrayType(DataTypes.StringType))
          .add("replaced_weights_versions", DataTypes.createArrayType(DataTypes.StringType))
          .add("overrides", DataTypes.createArrayType(OVERRIDE))
          .add("restated_rows", DataTypes.LongType)
          .add("period_stats", DataTypes.createArrayType(PERIOD_STATS))
          .add("unknown_event_types", COUNTS)
          .add("warnings", COUNTS)
          // The effective settings as HOCON, secrets redacted (what --print-config prints).
          .add("config", DataTypes.StringType);

  /** What a run knows of itself once its checks passed: every row of it starts from this. */
  public record Start(
      String runId,
      Instant started,
      List<Period> periods,
      String outputPath,
      Settings settings,
      String weightsHash) {
    public String configHash() {
      return settings.hash();
    }
  }

  /**
   * The run's effective settings.
   *
   * @param hash their fingerprint, {@code config_hash}
   * @param text their HOCON text, secrets redacted, {@code config}
   */
  public record Settings(String hash, String text) {}

  /**
   * What a run has established when it fails: its input counts once read, and the output version
   * once committed (a failure after the commit leaves the new scores published).
   */
  public static final class Progress {
    private InputStats input;
    private Map<LocalDate, Long> previousScoredEvents = Map.of();
    private Long outputVersion;

    public void counted(InputStats input, Map<LocalDate, Long> previousScoredEvents) {
      this.input = input;
      this.previousScoredEvents = previousScoredEvents;
    }

    public void counted(InputStats input) {
      counted(input, Map.of());
    }

    public void committed(long version) {
      this.outputVersion = version;
    }
  }

  private RunLog() {}

  /** The row appended before the run writes anything. */
  public static Row started(Start s) {
    return row(base(s, STARTED, null));
  }

  /** The row of a run that finished, with status ok or skipped. */
  public static Row finished(Start start, RunSummary s) {
    Map<String, Object> v = base(start, s.status(), Instant.now());
    counts(v, s.input(), s.previousScoredEvents());
    v.put("rows_scored", s.rowsScored());
    v.put("output_version", s.outputVersion());
    v.put("weights_versions", s.weightsVersions().toArray(String[]::new));
    v.put("replaced_weights_versions", s.replacedWeightsVersions().toArray(String[]::new));
    // The features' columns: the rows restated, the overrides applied.
    s.parts().forEach(part -> v.putAll(part.audit()));
    return row(v);
  }

  /** The row of a run that failed; what it did not get to know is null. */
  public static Row failed(Start start, Progress progress, Throwable error) {
    Map<String, Object> v = base(start, FAILED, Instant.now());
    Optional.ofNullable(progress.input)
        .ifPresent(input -> counts(v, input, progress.previousScoredEvents));
    v.put("output_version", progress.outputVersion);
    v.put("error", error.getMessage() == null ? error.toString() : error.getMessage());
    return row(v);
  }

  private static Map<String, Object> base(Start s, String status, Instant ended) {
    DateSpan span = DateSpan.of(s.periods());
    Map<String, Object> v = new HashMap<>();
    v.put("run_id", s.runId());
    v.put("started_at", Timestamp.from(s.started()));
    v.put("ended_at", ended == null ? null : Timestamp.from(ended));
    v.put("status", status);
    v.put("period_kind", s.periods().get(0).kind());
    v.put("first_period_start", Date.valueOf(span.first()));
    v.put("last_period_end", Date.valueOf(span.last()));
    v.put(
        "periods",
        s.periods().stream().map(p -> p.start() + ".." + p.end()).toArray(String[]::new));
    v.put("output_path", s.outputPath());
    v.put("config_hash", s.configHash());
    v.put("config", s.settings().text());
    v.put("weights_hash", s.weightsHash());
    v.put("job_version", JobVersion.VALUE);
    return v;
  }

  private static void counts(
      Map<String, Object> v, InputStats input, Map<LocalDate, Long> previous) {
    v.put("rows_in", input.eventsIn());
    v.put("rejected", scalaMap(input.rejectedByReason()));
    v.put(
        "period_stats",
        input.periods().stream()
            .map(
                p ->
                    RowFactory.create(
                        Date.valueOf(p.period().start()),
                        Date.valueOf(p.period().end()),
                        p.eventsIn(),
                        p.scoredEvents(),
                        previous.get(p.period().start()),
                        scalaMap(p.rejected())))
            .toArray(Row[]::new));
    v.put("unknown_event_types", scalaMap(input.unknownEventTypes()));
    v.put(
        "warnings",
        scalaMap(Map.of(RunSummary.WHITESPACE_WARNING, input.paddedCustomerIdEvents())));
  }

  private static scala.collection.Map<String, Long> scalaMap(Map<String, Long> map) {
    return JavaConverters.mapAsScalaMap(map);
  }

  /** The values in {@link #SCHEMA}'s order, null where absent. */
  private static Row row(Map<String, Object> values) {
    return RowFactory.create(
        java.util.Arrays.stream(SCHEMA.fieldNames()).map(values::get).toArray());
  }

  /**
   * Appends one row. A failure to write the audit row is logged, never allowed to hide the run's
   * own outcome.
   */
  public static void append(SparkSession spark, TableLocation table, Row row) {
    try {
      DeltaCommits.withRetry(
          table.toString(),
          () ->
              table.append(
                  spark.createDataFrame(List.of(row), SCHEMA),
                  TableLocation.Creation.partitionedBy(),
                  // Audit tables of earlier versions get the columns added since.
                  Map.of("mergeSchema", "true")));
    } catch (Exception e) {
      LOG.warn("Could not append run {} to the audit table {}", row.getString(0), table, e);
    }
  }
}
