package dev.engagement.score.feature.drivers;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.try_subtract;
import static org.apache.spark.sql.functions.when;

import dev.engagement.score.core.scoring.History;
import dev.engagement.score.model.Columns;
import java.math.BigDecimal;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Change drivers (see docs/drivers.md): per customer and scored period, the event types whose
 * contribution to the raw score moved since the customer's previous period, ranked by how much. The
 * previous period is found as for the trend ({@link History#withPrevious}), among per-type
 * contributions instead of scores.
 */
public final class Drivers {
  /** The contributions a period is compared with: one row per customer, period and event type. */
  public static final StructType HISTORY =
      new StructType()
          .add(Columns.CUSTOMER_ID, DataTypes.StringType)
          .add(Columns.PERIOD_KIND, DataTypes.StringType)
          .add(Columns.PERIOD_START, DataTypes.DateType)
          .add(Columns.EVENT_TYPE, DataTypes.StringType)
          .add(Columns.CONTRIBUTION, Columns.RAW_SCORE_TYPE);

  private static final String KNOWN = "previous_known";
  private static final String TEXT = "text";
  private static final Column ZERO = lit(BigDecimal.ZERO).cast(Columns.RAW_SCORE_TYPE);

  private static final String[] PERIOD_KEYS = {
    Columns.CUSTOMER_ID, Columns.PERIOD_KIND, Columns.PERIOD_START, Columns.PERIOD_END
  };

  private static final String[] ROW_KEYS = {
    Columns.CUSTOMER_ID,
    Columns.PERIOD_KIND,
    Columns.PERIOD_START,
    Columns.PERIOD_END,
    Columns.EVENT_TYPE
  };

  private Drivers() {}

  /**
   * What {@link #compare} compares with: the drivers table's {@code stored} rows ({@link
   * DriverRows#SCHEMA}, of the periods the run does not replace) with their current contributions,
   * and this run's own {@code current} rows, so that a run over several periods compares them with
   * each other.
   */
  public static Dataset<Row> history(Dataset<Row> stored, Dataset<Row> current) {
    return stored
        .select(
            col(Columns.CUSTOMER_ID),
            col(Columns.PERIOD_KIND),
            col(Columns.PERIOD_START),
            col(Columns.EVENT_TYPE),
            col(DriverRows.CURRENT_CONTRIBUTION).as(Columns.CONTRIBUTION))
        .unionByName(current.select(Columns.cols(HISTORY.fieldNames())));
  }

  /**
   * @param current this run's contributions, one row per customer, period (kind, start, end) and
   *     scored event type, with its {@code contribution} (the breakdown's rows)
   * @param history contributions to compare with ({@link #HISTORY}, see {@link #history})
   * @param previousPeriods for each scored period (kind, start), the start of the period before it
   *     ({@link History#PREVIOUS_PERIODS})
   * @return the drivers table's columns up to {@code rank}: one row per customer and period of
   *     {@code current} and event type with a nonzero contribution in either period. A previous
   *     period is known when {@code history} has any row of it; then a type without a contribution
   *     in one of the periods has 0 there. Unknown: the previous contribution, change and rank are
   *     null.
   */
  public static Dataset<Row> compare(
      Dataset<Row> current, Dataset<Row> history, Dataset<Row> previousPeriods) {
    Dataset<Row> earlier = History.inPreviousPeriods(history, previousPeriods);
    Column previousContribution =
        when(col(KNOWN), coalesce(col(DriverRows.PREVIOUS_CONTRIBUTION), ZERO));
    Column change =
        try_subtract(col(DriverRows.CURRENT_CONTRIBUTION), col(DriverRows.PREVIOUS_CONTRIBUTION));
    Column rank =
        row_number()
            .over(
                Window.partitionBy(Columns.cols(PERIOD_KEYS))
                    .orderBy(abs(col(DriverRows.CHANGE)).desc(), col(Columns.EVENT_TYPE).asc()));
    return current
        .select(
            col(Columns.CUSTOMER_ID),
            col(Columns.PERIOD_KIND),
            col(Columns.PERIOD_START),
            col(Columns.PERIOD_END),
            col(Columns.EVENT_TYPE),
            col(Columns.CONTRIBUTION).as(DriverRows.CURRENT_CONTRIBUTION))
        .join(
            previousRows(current, earlier, previousPeriods),
            Columns.joinKeys(ROW_KEYS),
            "full_outer")
        .join(
            broadcast(knownPeriods(earlier, previousPeriods)),
            Columns.joinKeys(Columns.PERIOD_KIND, Columns.PERIOD_START),
            "left")
        .withColumn(KNOWN, col(KNOWN).isNotNull())
        .withColumn(
            DriverRows.CURRENT_CONTRIBUTION,
            coalesce(col(DriverRows.CURRENT_CONTRIBUTION), ZERO).cast(Columns.RAW_SCORE_TYPE))
        .withColumn(
            DriverRows.PREVIOUS_CONTRIBUTION, previousContribution.cast(Columns.RAW_SCORE_TYPE))
        .where(
            col(DriverRows.CURRENT_CONTRIBUTION)
                .notEqual(ZERO)
                .or(coalesce(col(DriverRows.PREVIOUS_CONTRIBUTION), ZERO).notEqual(ZERO)))
        .withColumn(DriverRows.CHANGE, change.cast(Columns.RAW_SCORE_TYPE))
        .withColumn(DriverRows.RANK, when(col(KNOWN), rank))
        .select(
            Columns.cols(
                concat(
                    ROW_KEYS,
                    DriverRows.PREVIOUS_CONTRIBUTION,
                    DriverRows.CURRENT_CONTRIBUTION,
                    DriverRows.CHANGE,
                    DriverRows.RANK)));
  }

  /**
   * Per customer and period of {@code drivers} ({@link #compare}'s rows): {@code top_drivers}, the
   * first {@code n} rows with a nonzero change in rank order as {@code event_type change} (the
   * change's plain text at scale 6, e.g. {@code support_ticket_opened -24.000000}) joined by {@code
   * ", "}; null when the previous period is unknown or no contribution changed.
   */
  public static Dataset<Row> top(Dataset<Row> drivers, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("The number of top drivers must be at least 1, not " + n);
    }
    String[] keys = {Columns.CUSTOMER_ID, Columns.PERIOD_KIND, Columns.PERIOD_START};
    Column text =
        concat_ws(
            " ",
            col(Columns.EVENT_TYPE),
            col(DriverRows.CHANGE).cast(Columns.RAW_SCORE_TYPE).cast(DataTypes.StringType));
    Dataset<Row> texts =
        drivers
            .where(col(DriverRows.CHANGE).notEqual(ZERO))
            .groupBy(Columns.cols(keys))
            .agg(
                array_join(
                        slice(
                                sort_array(
                                    collect_list(struct(col(DriverRows.RANK), text.as(TEXT)))),
                                1,
                                n)
                            .getField(TEXT),
                        ", ")
                    .as(DriverRows.TOP_DRIVERS));
    return drivers
        .select(Columns.cols(keys))
        .distinct()
        .join(texts, Columns.joinKeys(keys), "left");
  }

  /**
   * For each customer and period of {@code current}, its rows of the previous period in {@code
   * earlier} (the history's rows of previous periods), as {@code previous_contribution}: none for a
   * customer without any.
   */
  private static Dataset<Row> previousRows(
      Dataset<Row> current, Dataset<Row> earlier, Dataset<Row> previousPeriods) {
    return History.withPrevious(
            current.select(Columns.cols(PERIOD_KEYS)).distinct(),
            earlier,
            previousPeriods,
            col(Columns.EVENT_TYPE),
            col(Columns.CONTRIBUTION).as(DriverRows.PREVIOUS_CONTRIBUTION))
        // The left join's row of a customer without any previous row.
        .where(col(Columns.EVENT_TYPE).isNotNull())
        .select(Columns.cols(concat(ROW_KEYS, DriverRows.PREVIOUS_CONTRIBUTION)));
  }

  /** The scored periods (kind, start) whose previous period has a row in {@code earlier}. */
  private static Dataset<Row> knownPeriods(Dataset<Row> earlier, Dataset<Row> previousPeriods) {
    return previousPeriods
        .join(
            earlier.select(
                col(Columns.PERIOD_KIND), col(Columns.PERIOD_START).as(History.PREVIOUS_START)),
            Columns.joinKeys(Columns.PERIOD_KIND, History.PREVIOUS_START),
            "left_semi")
        .select(col(Columns.PERIOD_KIND), col(Columns.PERIOD_START), lit(true).as(KNOWN));
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }
}
