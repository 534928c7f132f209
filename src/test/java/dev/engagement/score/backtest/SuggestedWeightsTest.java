package dev.engagement.score.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.TestSchemas;
import dev.engagement.score.model.Columns;
import java.math.BigDecimal;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SuggestedWeightsTest extends SparkTestBase {
  private static final Date OCT_1 = Date.valueOf("2026-10-01");
  private static final Date OCT_31 = Date.valueOf("2026-10-31");

  private static final StructType LABELLED =
      TestSchemas.CUSTOMER_PERIOD
          .add(Columns.RAW_SCORE, Columns.RAW_SCORE_TYPE)
          .add(Columns.CHURNED, DataTypes.BooleanType);

  /** The columns of {@link TypeSums} that the features read. */
  private static final StructType TYPE_SUMS =
      TestSchemas.CUSTOMER_PERIOD
          .add(Columns.EVENT_TYPE, DataTypes.StringType)
          .add(Columns.REJECT_REASON, DataTypes.StringType)
          .add(Columns.COUNTED, DataTypes.LongType);

  private static Object[] labelled(String customer, Boolean churned) {
    return new Object[] {customer, "month", OCT_1, OCT_31, BigDecimal.ONE.setScale(6), churned};
  }

  private static Object[] sum(String customer, String type, String reason, long counted) {
    return new Object[] {customer, "month", OCT_1, OCT_31, type, reason, counted};
  }

  @Test
  void featuresAreTheCountedEventsPerTypeOfEachLabelledRow() {
    Dataset<Row> rows =
        df(LABELLED, labelled("a", true), labelled("b", false), labelled("c", null));
    Dataset<Row> sums =
        df(
            TYPE_SUMS,
            sum("a", "login", null, 3),
            sum("a", "login", "duplicate_event_id", 2), // rejected: not counted
            sum("a", "project.added", null, 1),
            sum("b", "login", null, 5),
            sum("c", "login", null, 7)); // c is unlabelled: no row
    // a: 3 logins, 1 project; b: 5 logins, no project (0). A dot in a type name is no path.
    StructType schema =
        TestSchemas.CUSTOMER_PERIOD
            .add(Columns.CHURNED, DataTypes.BooleanType)
            // Never null: a type without events counts 0.
            .add("login", DataTypes.LongType, false)
            .add("project_added", DataTypes.LongType, false);
    assertDataFrameNoOrderEquals(
        df(
            schema,
            new Object[] {"a", "month", OCT_1, OCT_31, true, 3L, 1L},
            new Object[] {"b", "month", OCT_1, OCT_31, false, 5L, 0L}),
        // Renamed to compare: the comparison helper groups by column names, dots included.
        SuggestedWeights.features(rows, sums, List.of("login", "project.added"))
            .withColumnRenamed("project.added", "project_added"));
  }

  @Test
  void typesThatGoWithChurnGetNegativeSuggestionsOnTheCurrentWeightsScale() {
    // 20 customers: churners have few `good` and some `bad` events, renewers the other way round,
    // with overlap so that the classes are not perfectly separated.
    StructType schema =
        new StructType()
            .add(Columns.CHURNED, DataTypes.BooleanType)
            .add("good", DataTypes.LongType)
            .add("bad", DataTypes.LongType)
            .add("neutral", DataTypes.LongType);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(new Object[] {true, (long) (i % 3), (long) (1 + i % 4), (long) (i % 5)});
      rows.add(new Object[] {false, (long) (2 + i % 4), (long) (i % 2), (long) ((i + 2) % 5)});
    }
    Map<String, BigDecimal> current =
        Map.of(
            "good", new BigDecimal("5"), "bad", new BigDecimal("-20"), "neutral", BigDecimal.ONE);
    List<Row> suggested =
        SuggestedWeights.fit(
                df(schema, rows.toArray(Object[][]::new)),
                List.of("good", "bad", "neutral"),
                current)
            .collectAsList();

    assertThat(suggested).extracting(r -> r.getString(0)).containsExactly("good", "bad", "neutral");
    assertThat(suggested.get(0).getDecimal(1)).isEqualByComparingTo("5");
    assertThat(suggested.get(0).getDecimal(3)).as("good goes with renewal").isPositive();
    assertThat(suggested.get(1).getDecimal(3)).as("bad goes with churn").isNegative();
    // The largest |suggestion| is the largest |current weight|, |-20|, exactly.
    assertThat(
            suggested.stream()
                .map(r -> r.getDecimal(3).abs())
                .reduce(BigDecimal.ZERO, BigDecimal::max))
        .isEqualByComparingTo("20");
  }
}
