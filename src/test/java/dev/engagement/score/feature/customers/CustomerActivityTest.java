package dev.engagement.score.feature.customers;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.TestSchemas;
import dev.engagement.score.core.events.RejectReason;
import dev.engagement.score.core.scoring.PeriodAssigner;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.Period;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class CustomerActivityTest extends SparkTestBase {
  private static final Date OCT_1 = Date.valueOf("2026-10-01");
  private static final Date OCT_31 = Date.valueOf("2026-10-31");

  private static final StructType SUMS =
      TestSchemas.CUSTOMER_PERIOD
          .add(Columns.REJECT_REASON, DataTypes.StringType)
          .add(Columns.EVENT_COUNT, DataTypes.LongType)
          .add(Columns.RAW_SCORE, Columns.RAW_SCORE_TYPE);

  private static final StructType WITH_SEGMENT = SUMS.add(Columns.SEGMENT, DataTypes.StringType);

  private static Object[] sum(String customer, String reason, long count, String raw) {
    return new Object[] {
      customer, "month", OCT_1, OCT_31, reason, count, raw == null ? null : new BigDecimal(raw)
    };
  }

  private static Object[] out(
      String customer, String reason, long count, String raw, String segment) {
    return new Object[] {
      customer,
      "month",
      OCT_1,
      OCT_31,
      reason,
      count,
      raw == null ? null : new BigDecimal(raw).setScale(6),
      segment
    };
  }

  private static Object[] customer(String id, String from, String to, String segment) {
    return new Object[] {
      id, from == null ? null : Date.valueOf(from), to == null ? null : Date.valueOf(to), segment
    };
  }

  @Test
  void activeCustomersWithoutEventsScoreZeroAndInactiveOnesAreNotScored() {
    Dataset<Row> sums =
        df(
            SUMS,
            sum("a", null, 40, "145.000000"),
            sum("b", null, 10, "10.000000"),
            sum("e", null, 7, "7.000000"),
            sum("f", RejectReason.UNKNOWN_EVENT_TYPE, 3, null));
    Dataset<Row> customers =
        df(
            CustomerSource.SCHEMA,
            customer("a", "2026-01-01", null, "pro"), // active: scored as is
            customer("b", null, "2026-09-30", "free"), // left before October: not scored
            customer("c", "2026-10-31", null, "free"), // joined on October's last day: 0
            customer("d", "2026-11-01", null, "pro"), // not active yet: no row
            customer("f", null, null, null)); // only unknown events: 0, the rejects kept
    Dataset<Row> periods =
        PeriodAssigner.periodRows(
            spark(),
            List.of(new Period("month", LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31))));
    assertDataFrameNoOrderEquals(
        df(
            WITH_SEGMENT,
            out("a", null, 40, "145", "pro"),
            out("b", RejectReason.INACTIVE_CUSTOMER, 10, null, "free"),
            out("c", null, 0, "0", "free"),
            // e is not in the dimension: scored as usual, without a segment.
            out("e", null, 7, "7", null),
            out("f", RejectReason.UNKNOWN_EVENT_TYPE, 3, null, null),
            out("f", null, 0, "0", null)),
        CustomerActivity.apply(sums, customers, periods));
  }
}
