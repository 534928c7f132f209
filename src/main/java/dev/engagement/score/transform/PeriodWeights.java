package dev.engagement.score.transform;

import dev.engagement.score.Columns;
import dev.engagement.score.UserInputException;
import dev.engagement.score.io.WeightSource;
import dev.engagement.score.period.Period;
import java.math.BigDecimal;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The weights each period is scored with: those valid on the period's last day, so that one period
 * has one set of weights (one {@code weights_version}) however the weights changed within it. A
 * known type without a weight valid then (retired, or not introduced yet) weighs 0 in that period.
 */
public final class PeriodWeights {
  public static final StructType SCHEMA =
      new StructType()
          .add(Columns.PERIOD_KIND, DataTypes.StringType, false)
          .add(Columns.PERIOD_START, DataTypes.DateType, false)
          .add(Columns.PERIOD_END, DataTypes.DateType, false)
          .add(Columns.EVENT_TYPE, DataTypes.StringType, false)
          .add(Columns.WEIGHT, Columns.WEIGHT_TYPE, false)
          .add(Columns.WEIGHTS_VERSION, DataTypes.StringType, false)
          // Null when the weight table has no categories.
          .add(Columns.CATEGORY, DataTypes.StringType, true);

  private PeriodWeights() {}

  /** One row per period and known event type; fails when no weight at all is valid in a period. */
  public static Dataset<Row> of(
      SparkSession spark, WeightSource.WeightTable table, List<Period> periods) {
    List<Row> rows = new ArrayList<>();
    for (Period p : periods) {
      Map<String, BigDecimal> valid = table.validOn(p.end());
      if (valid.isEmpty()) {
        throw new UserInputException(
            "No weight is valid on "
                + p.end()
                + ", the last day of the "
                + p.kind()
                + " period "
                + p.start()
                + ".."
                + p.end()
                + ", which is scored with the weights valid on its last day: add weights whose"
                + " valid_from..valid_to covers that day, or score a later period.");
      }
      String version = WeightSource.WeightTable.version(valid);
      Map<String, String> categories = table.categories();
      for (String type : table.eventTypes()) {
        rows.add(
            RowFactory.create(
                p.kind(),
                Date.valueOf(p.start()),
                Date.valueOf(p.end()),
                type,
                valid.getOrDefault(type, BigDecimal.ZERO.setScale(Columns.WEIGHT_TYPE.scale())),
                version,
                categories.get(type)));
      }
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  /** The distinct {@code weights_version} values of {@code periodWeights}, sorted. */
  public static List<String> distinctVersions(Dataset<Row> periodWeights) {
    return periodWeights
        .select(Columns.WEIGHTS_VERSION)
        .distinct()
        .as(Encoders.STRING())
        .collectAsList()
        .stream()
        .sorted()
        .toList();
  }

  /** The {@code weights_version} of each period: one row per period. */
  public static Dataset<Row> versions(Dataset<Row> periodWeights) {
    return periodWeights
        .select(
            Columns.cols(
                Columns.PERIOD_KIND,
                Columns.PERIOD_START,
                Columns.PERIOD_END,
                Columns.WEIGHTS_VERSION))
        .distinct();
  }
}
