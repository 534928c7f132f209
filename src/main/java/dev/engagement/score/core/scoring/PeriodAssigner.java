package dev.engagement.score.core.scoring;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;

import dev.engagement.score.model.Columns;
import dev.engagement.score.model.Period;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Replaces {@code local_date} (see {@link DayAssigner}) with the periods the day lies in: a row
 * whose day is in no period is left out (it was not asked for); a day in several rolling windows
 * gives one row per window. Rows without a date (rejected for their time) stay, with null period
 * columns, so that they are counted rather than lost.
 */
public final class PeriodAssigner {
  private static final StructType PERIOD_SCHEMA =
      new StructType()
          .add(Columns.PERIOD_KIND, DataTypes.StringType, false)
          .add(Columns.PERIOD_START, DataTypes.DateType, false)
          .add(Columns.PERIOD_END, DataTypes.DateType, false);

  private PeriodAssigner() {}

  /** The periods as a small DataFrame: period kind, start and end. */
  public static Dataset<Row> periodRows(SparkSession spark, List<Period> periods) {
    return spark.createDataFrame(
        periods.stream().map(p -> RowFactory.create(p.kind(), p.start(), p.end())).toList(),
        PERIOD_SCHEMA);
  }

  public static Dataset<Row> assign(Dataset<Row> dated, List<Period> periods) {
    return assign(dated, periods, false);
  }

  /**
   * As {@link #assign(Dataset, List)}; with {@code withAge}, each row keeps its day as its {@code
   * age} in the period (days before the period's last day), which recency decay weighs by (see
   * {@link PeriodWeights}).
   */
  public static Dataset<Row> assign(Dataset<Row> dated, List<Period> periods, boolean withAge) {
    Dataset<Row> periodRows = periodRows(dated.sparkSession(), periods);
    Dataset<Row> assigned =
        dated
            .join(
                broadcast(periodRows),
                col(Columns.LOCAL_DATE)
                    .geq(periodRows.col(Columns.PERIOD_START))
                    .and(col(Columns.LOCAL_DATE).leq(periodRows.col(Columns.PERIOD_END))),
                "left")
            .filter(col(Columns.LOCAL_DATE).isNull().or(col(Columns.PERIOD_START).isNotNull()));
    return (withAge
            ? assigned.withColumn(
                Columns.AGE, datediff(col(Columns.PERIOD_END), col(Columns.LOCAL_DATE)))
            : assigned)
        .drop(Columns.LOCAL_DATE);
  }
}
