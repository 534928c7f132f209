package dev.engagement.score.core.table;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import dev.engagement.score.core.scoring.History;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.Period;
import dev.engagement.score.model.UserInputException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * What the score table ({@link ScoreTable}) holds that a run reads before it writes: the earlier
 * scores it compares with, the rows it replaces (their scored events and weights versions), and
 * after its commit the rows it overrode.
 */
public final class StoredScores {
  private StoredScores() {}

  /**
   * The stored scores a run over {@code periods} compares with ({@link History#SCHEMA}): those of
   * its period kind that start before its last period, except the ones it replaces. Empty when the
   * table does not exist yet; a null {@code last_event_date} in rows written before schema version
   * 3, which the write upgrades the table to.
   */
  public static Dataset<Row> earlierScores(
      SparkSession spark, TableLocation scores, List<Period> periods) {
    if (!scores.exists(spark)) {
      return noScores(spark);
    }
    Dataset<Row> table = earlier(scores.read(spark), periods);
    if (!Arrays.asList(table.columns()).contains(Columns.LAST_EVENT_DATE)) {
      table = table.withColumn(Columns.LAST_EVENT_DATE, lit(null).cast(DataTypes.DateType));
    }
    return table.select(Columns.cols(History.SCHEMA.fieldNames()));
  }

  /**
   * The rows of {@code table} (the score table or a companion of the same layout) that a run over
   * {@code periods} compares with: those of its period kind that start before its last period,
   * except the ones it replaces.
   */
  public static Dataset<Row> earlier(Dataset<Row> table, List<Period> periods) {
    LocalDate last =
        periods.stream().map(Period::start).max(Comparator.naturalOrder()).orElseThrow();
    return table.where(
        String.format(
            "%s = '%s' AND %s <= DATE'%s' AND NOT (%s)",
            Columns.PERIOD_KIND,
            periods.get(0).kind(),
            Columns.PERIOD_START,
            last,
            ScoreTable.replacePredicate(periods)));
  }

  /**
   * The stored rows of {@code periods}' kind whose period starts in their range (the rows a run
   * over them writes), for the backtest. Fails when the table does not exist.
   */
  public static Dataset<Row> scores(
      SparkSession spark, TableLocation scores, List<Period> periods) {
    if (!scores.exists(spark)) {
      throw new UserInputException(
          "No score table at "
              + scores
              + ": check "
              + ScoreTable.SCORES.setting()
              + ", or score the periods first (jobs/run-local --config ... --from ... --to ...).");
    }
    return scores.read(spark).where(ScoreTable.replacePredicate(periods));
  }

  /**
   * What a run over some periods replaces, read in one pass over its stored rows: the scored events
   * per period start (periods without rows are absent), what {@code max_row_drop} compares a run
   * with; and the distinct {@code weights_version} values, sorted (none when the rows predate the
   * column).
   */
  public record Replaced(Map<LocalDate, Long> scoredEvents, List<String> weightsVersions) {
    /** Nothing replaced: the table or the periods are new. */
    public static final Replaced NONE = new Replaced(Map.of(), List.of());
  }

  /** The {@link Replaced} rows of {@code periods}: {@link Replaced#NONE} without a table. */
  public static Replaced replaced(SparkSession spark, TableLocation scores, List<Period> periods) {
    if (!scores.exists(spark)) {
      return Replaced.NONE;
    }
    Dataset<Row> table = scores.read(spark);
    Column versions =
        Arrays.asList(table.columns()).contains(Columns.WEIGHTS_VERSION)
            ? collect_set(Columns.WEIGHTS_VERSION)
            : array().cast(DataTypes.createArrayType(DataTypes.StringType));
    List<Row> rows =
        table
            .where(ScoreTable.replacePredicate(periods))
            .groupBy(Columns.PERIOD_START)
            .agg(sum(Columns.EVENT_COUNT), versions)
            .collectAsList();
    return new Replaced(
        rows.stream()
            .collect(
                Collectors.toMap(
                    r -> r.getDate(0).toLocalDate(), r -> r.isNullAt(1) ? 0L : r.getLong(1))),
        rows.stream().flatMap(r -> r.<String>getList(2).stream()).distinct().sorted().toList());
  }

  /**
   * The rows {@code runId} wrote with an override, as committed in {@code version}: customer,
   * period start and end.
   */
  public static List<Row> overriddenRows(
      SparkSession spark, TableLocation scores, long version, String runId) {
    return scores
        .read(spark, version)
        .where(col(Columns.RUN_ID).equalTo(runId).and(col(Columns.OVERRIDDEN)))
        .select(Columns.CUSTOMER_ID, Columns.PERIOD_START, Columns.PERIOD_END)
        .collectAsList();
  }

  /** No stored scores: a table that does not exist yet. */
  private static Dataset<Row> noScores(SparkSession spark) {
    return spark.createDataFrame(List.of(), History.SCHEMA);
  }
}
