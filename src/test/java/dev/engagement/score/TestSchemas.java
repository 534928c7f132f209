package dev.engagement.score;

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

  private TestSchemas() {}
}
