package dev.engagement.score.feature.customers;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.engagement.score.core.events.RejectReason;
import dev.engagement.score.model.Columns;
import java.math.BigDecimal;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Applies the customer dimension ({@code CustomerSource}) to the period sums: a customer active in
 * a period (its active days overlap the period) without any scorable event gets a row with 0 events
 * and a raw score of 0; the scorable events of a customer that is in the dimension but not active
 * in the period are not scored (reject reason {@code inactive_customer}, counted, not lost).
 * Customers missing from the dimension are scored as usual. Every row gets the customer's {@code
 * segment}.
 */
public final class CustomerActivity {
  private static final String KNOWN = "known_customer";

  private CustomerActivity() {}

  /** No dimension: the sums unchanged, with a null {@code segment}. */
  public static Dataset<Row> none(Dataset<Row> periodSums) {
    return periodSums.withColumn(Columns.SEGMENT, lit(null).cast(DataTypes.StringType));
  }

  /**
   * @param periodSums sums per customer, period and reject reason ({@link ScoreAggregator})
   * @param customers the dimension ({@code CustomerSource.SCHEMA})
   * @param periodRows the run's periods ({@link PeriodAssigner#periodRows})
   */
  public static Dataset<Row> apply(
      Dataset<Row> periodSums, Dataset<Row> customers, Dataset<Row> periodRows) {
    Column active =
        col(Columns.ACTIVE_FROM)
            .isNull()
            .or(col(Columns.ACTIVE_FROM).leq(col(Columns.PERIOD_END)))
            .and(
                col(Columns.ACTIVE_TO)
                    .isNull()
                    .or(col(Columns.ACTIVE_TO).geq(col(Columns.PERIOD_START))));
    String[] columns = concat(periodSums.columns(), Columns.SEGMENT);
    Dataset<Row> scorable = periodSums.filter(col(Columns.REJECT_REASON).isNull());
    Column inactive = col(KNOWN).isNotNull().and(active.unary_$bang());
    Dataset<Row> judged =
        scorable
            .join(
                customers.withColumn(KNOWN, lit(true)),
                Columns.joinKeys(Columns.CUSTOMER_ID),
                "left")
            .withColumn(
                Columns.REJECT_REASON,
                when(inactive, lit(RejectReason.INACTIVE_CUSTOMER))
                    .otherwise(col(Columns.REJECT_REASON)))
            .withColumn(
                Columns.RAW_SCORE,
                when(inactive, lit(null).cast(Columns.RAW_SCORE_TYPE))
                    .otherwise(col(Columns.RAW_SCORE)))
            .select(Columns.cols(columns));
    Dataset<Row> withoutEvents =
        customers
            .crossJoin(broadcast(periodRows))
            .filter(active)
            .join(
                scorable.select(
                    Columns.cols(
                        Columns.CUSTOMER_ID,
                        Columns.PERIOD_KIND,
                        Columns.PERIOD_START,
                        Columns.PERIOD_END)),
                Columns.joinKeys(
                    Columns.CUSTOMER_ID,
                    Columns.PERIOD_KIND,
                    Columns.PERIOD_START,
                    Columns.PERIOD_END),
                "left_anti")
            .withColumn(Columns.REJECT_REASON, lit(null).cast(DataTypes.StringType))
            .withColumn(Columns.EVENT_COUNT, lit(0L))
            .withColumn(Columns.RAW_SCORE, lit(BigDecimal.ZERO).cast(Columns.RAW_SCORE_TYPE))
            .transform(rows -> withNulls(rows, periodSums.schema()))
            .select(Columns.cols(columns));
    return periodSums
        .filter(col(Columns.REJECT_REASON).isNotNull())
        .transform(CustomerActivity::none)
        .unionByName(judged)
        .unionByName(withoutEvents);
  }

  /**
   * Adds the columns of {@code schema} that {@code rows} lacks as nulls: the sums' other columns
   * (the categories' {@code sub_raw_scores}) of a customer without events, which count as 0.
   */
  private static Dataset<Row> withNulls(Dataset<Row> rows, StructType schema) {
    java.util.List<String> present = java.util.Arrays.asList(rows.columns());
    Dataset<Row> all = rows;
    for (StructField f : schema.fields()) {
      if (!present.contains(f.name())) {
        all = all.withColumn(f.name(), lit(null).cast(f.dataType()));
      }
    }
    return all;
  }

  private static String[] concat(String[] first, String last) {
    String[] all = java.util.Arrays.copyOf(first, first.length + 1);
    all[first.length] = last;
    return all;
  }
}
