package dev.engagement.score.core.scoring;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import dev.engagement.score.model.Columns;
import dev.engagement.score.model.Period;
import dev.engagement.score.model.PeriodCalendar;
import java.sql.Date;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What a run compares its scores with (trend, activity, transitions, drivers): each customer's
 * other periods of the same kind, stored (the output table's) or scored in the same run, and the
 * one lookup of a customer's previous period.
 */
public final class History {
  /** The start of the period before a scored one. */
  public static final String PREVIOUS_START = "previous_period_start";

  /** The scores a run compares with: the stored ones and this run's own. */
  public static final StructType SCHEMA =
      new StructType()
          .add(Columns.CUSTOMER_ID, DataTypes.StringType)
          .add(Columns.PERIOD_KIND, DataTypes.StringType)
          .add(Columns.PERIOD_START, DataTypes.DateType)
          .add(Columns.RAW_SCORE, Columns.RAW_SCORE_TYPE)
          .add(Columns.NORMALIZED_SCORE, Columns.NORMALIZED_SCORE_TYPE)
          .add(Columns.PERIOD_END, DataTypes.DateType)
          .add(Columns.LAST_EVENT_DATE, DataTypes.DateType)
          .add(Columns.TIER, DataTypes.StringType);

  /** For each scored period, the start of the one before it. */
  public static final StructType PREVIOUS_PERIODS =
      new StructType()
          .add(Columns.PERIOD_KIND, DataTypes.StringType, false)
          .add(Columns.PERIOD_START, DataTypes.DateType, false)
          .add(PREVIOUS_START, DataTypes.DateType, false);

  private History() {}

  /**
   * {@code storedScores} ({@link #SCHEMA}: the output table's other periods) and the run's own
   * {@code scores}, so that a run over several periods compares them with each other. The scores
   * carry their own {@code last_event_date}.
   */
  public static Dataset<Row> of(Dataset<Row> scores, Dataset<Row> storedScores) {
    return storedScores.unionByName(scores.select(Columns.cols(SCHEMA.fieldNames())));
  }

  /** For each of {@code periods}, the start of the one before it ({@link #PREVIOUS_PERIODS}). */
  public static Dataset<Row> previousPeriods(
      SparkSession spark, List<Period> periods, PeriodCalendar calendar) {
    return spark.createDataFrame(
        periods.stream()
            .map(
                p ->
                    RowFactory.create(
                        p.kind(),
                        Date.valueOf(p.start()),
                        Date.valueOf(calendar.previous(p).start())))
            .toList(),
        PREVIOUS_PERIODS);
  }

  /**
   * {@code scores} with {@code previous_period_start} (from {@code previousPeriods}) and {@code
   * previousColumns}, evaluated on the {@code history} row of the same customer and period kind
   * that starts then: null when the customer has none. The one lookup of a customer's previous
   * period.
   */
  public static Dataset<Row> withPrevious(
      Dataset<Row> scores,
      Dataset<Row> history,
      Dataset<Row> previousPeriods,
      Column... previousColumns) {
    Column[] keys = {
      col(Columns.CUSTOMER_ID),
      col(Columns.PERIOD_KIND),
      col(Columns.PERIOD_START).as(PREVIOUS_START)
    };
    Column[] columns = Arrays.copyOf(keys, keys.length + previousColumns.length);
    System.arraycopy(previousColumns, 0, columns, keys.length, previousColumns.length);
    return scores
        .join(
            broadcast(previousPeriods), Columns.joinKeys(Columns.PERIOD_KIND, Columns.PERIOD_START))
        .join(
            history.select(columns),
            Columns.joinKeys(Columns.CUSTOMER_ID, Columns.PERIOD_KIND, PREVIOUS_START),
            "left");
  }

  /**
   * The rows of {@code history} in periods that are the previous period of a scored one: all that
   * {@link #withPrevious} can match, whole periods, so that per-period figures (ranks) can be
   * computed on them without going over the rest of the history.
   */
  public static Dataset<Row> inPreviousPeriods(Dataset<Row> history, Dataset<Row> previousPeriods) {
    return history.join(
        broadcast(
            previousPeriods
                .select(col(Columns.PERIOD_KIND), col(PREVIOUS_START).as(Columns.PERIOD_START))
                .distinct()),
        Columns.joinKeys(Columns.PERIOD_KIND, Columns.PERIOD_START),
        "left_semi");
  }
}
