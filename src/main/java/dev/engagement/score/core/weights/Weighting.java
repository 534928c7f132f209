package dev.engagement.score.core.weights;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.engagement.score.model.Columns;
import java.math.BigDecimal;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Attaches each event type's weight in the period (see {@link PeriodWeights}), as {@link
 * #WEIGHT_MICROS}. Types are matched exactly (case-sensitive, no trimming); a type without a weight
 * (rejected as unknown) keeps a null weight so it is counted, not lost.
 */
public final class Weighting {
  /**
   * The weight in millionths, a {@code BIGINT}: the weight's unscaled {@code DECIMAL(18,6)} value,
   * so exact, and summed far faster than decimals wider than 18 digits (which Spark keeps as {@code
   * BigDecimal}s).
   */
  public static final String WEIGHT_MICROS = "weight_micros";

  /** How many {@link #WEIGHT_MICROS} make one unit of weight (or of raw score). */
  public static final BigDecimal MICROS = BigDecimal.TEN.pow(Columns.WEIGHT_TYPE.scale());

  /** What a weight depends on: the period and the event type, and with decay the day's age. */
  private static final String[] KEYS = {
    Columns.PERIOD_KIND, Columns.PERIOD_START, Columns.PERIOD_END, Columns.EVENT_TYPE
  };

  private static final String[] KEYS_BY_AGE = {
    Columns.PERIOD_KIND, Columns.PERIOD_START, Columns.PERIOD_END, Columns.EVENT_TYPE, Columns.AGE
  };

  private Weighting() {}

  /**
   * @param counts counts with period columns ({@link PeriodAssigner})
   * @param periodWeights the weights of each period ({@link PeriodWeights})
   */
  public static Dataset<Row> attach(Dataset<Row> counts, Dataset<Row> periodWeights) {
    // With recency decay the weight also depends on the day's age in the period, which then only
    // serves to pick it.
    boolean decayed = PeriodWeights.decayed(periodWeights);
    String[] keys = decayed ? KEYS_BY_AGE : KEYS;
    Column[] columns = Arrays.copyOf(Columns.cols(keys), keys.length + 1);
    columns[keys.length] =
        col(Columns.WEIGHT).multiply(lit(MICROS)).cast(DataTypes.LongType).as(WEIGHT_MICROS);
    Dataset<Row> micros = periodWeights.select(columns);
    Dataset<Row> weighted = counts.join(broadcast(micros), Columns.joinKeys(keys), "left");
    return decayed ? weighted.drop(Columns.AGE) : weighted;
  }
}
