package dev.engagement.score;

import dev.engagement.score.core.weights.WeightSource;
import dev.engagement.score.model.Columns;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Schemas of the tests' hand-written DataFrames (all columns nullable, as Spark infers). */
public final class TestSchemas {
  /** Events after validation: the canonical columns. */
  public static final StructType EVENTS =
      new StructType()
          .add(Columns.CUSTOMER_ID, DataTypes.StringType)
          .add(Columns.EVENT_TYPE, DataTypes.StringType)
          .add(Columns.EVENT_TS, DataTypes.TimestampType);

  /** Events as stored: the canonical columns plus the {@code event_date} partition column. */
  public static final StructType STORED_EVENTS = EVENTS.add("event_date", DataTypes.DateType);

  /** A customer and a period: the key of counts and scores. */
  public static final StructType CUSTOMER_PERIOD =
      new StructType()
          .add(Columns.CUSTOMER_ID, DataTypes.StringType)
          .add(Columns.PERIOD_KIND, DataTypes.StringType)
          .add(Columns.PERIOD_START, DataTypes.DateType)
          .add(Columns.PERIOD_END, DataTypes.DateType);

  /** Counts per customer, business day, event type and reject reason ({@code countDays}). */
  public static final StructType DAILY_COUNTS =
      new StructType()
          .add(Columns.CUSTOMER_ID, DataTypes.StringType)
          .add(Columns.LOCAL_DATE, DataTypes.DateType)
          .add(Columns.EVENT_TYPE, DataTypes.StringType)
          .add(Columns.REJECT_REASON, DataTypes.StringType)
          .add(Columns.EVENT_COUNT, DataTypes.LongType);

  /** Raw scores per customer and period ({@code ScoreAggregator.score}). */
  public static final StructType PERIOD_SCORES =
      CUSTOMER_PERIOD
          .add(Columns.EVENT_COUNT, DataTypes.LongType)
          .add(Columns.RAW_SCORE, Columns.RAW_SCORE_TYPE)
          .add(Columns.LAST_EVENT_DATE, DataTypes.DateType);

  /** A weight table without history: {@code type, weight, type, weight, ...}. */
  public static WeightSource.WeightTable undatedWeights(String... typeAndWeight) {
    List<WeightSource.Weight> weights = new ArrayList<>();
    for (int i = 0; i < typeAndWeight.length; i += 2) {
      weights.add(
          new WeightSource.Weight(
              typeAndWeight[i], new BigDecimal(typeAndWeight[i + 1]).setScale(6), null, null));
    }
    return WeightSource.table(weights, false);
  }

  private TestSchemas() {}
}
