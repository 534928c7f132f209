package dev.engagement.score.backtest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.engagement.score.model.Columns;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Weights suggested by the outcomes: a logistic regression of churn on each event type's count per
 * customer and period, its coefficients turned into weights comparable with the current ones.
 * Suggestions, not answers: see docs/backtesting.md for the caveats.
 */
public final class SuggestedWeights {
  /**
   * L2 regularization of the fit: small, so that coefficients follow the data, but enough to keep
   * them finite when a type separates churners perfectly or two types always occur together.
   */
  public static final double REGULARIZATION = 0.01;

  /** Current and suggested weight per event type; {@code coefficient} is the fitted one. */
  public static final StructType SCHEMA =
      new StructType()
          .add(Columns.EVENT_TYPE, DataTypes.StringType, false)
          .add("current_weight", Columns.WEIGHT_TYPE, true)
          .add("coefficient", DataTypes.DoubleType, false)
          .add("suggested_weight", Columns.WEIGHT_TYPE, false);

  private static final String FEATURES = "bt_features";
  private static final String LABEL = "bt_label";

  private SuggestedWeights() {}

  /**
   * One row per labelled row (non-null {@code churned}) with one count column per type of {@code
   * eventTypes}, in that order: the events of that type the job counted for the customer in the
   * period (0 when none).
   *
   * @param labelled scored rows with {@code churned}
   * @param typeSums per-type sums ({@link TypeSums}): {@code counted} per customer, period, type
   *     and reject reason; rejected rows are ignored
   */
  public static Dataset<Row> features(
      Dataset<Row> labelled, Dataset<Row> typeSums, List<String> eventTypes) {
    List<Column> counts = new ArrayList<>();
    for (String type : eventTypes) {
      counts.add(
          sum(when(col(Columns.EVENT_TYPE).equalTo(type), col(Columns.COUNTED)).otherwise(0L))
              .as(type));
    }
    Dataset<Row> perType =
        typeSums
            .where(col(Columns.REJECT_REASON).isNull())
            .groupBy(Columns.cols(Backtest.ROW_KEYS))
            .agg(counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new));
    List<Column> columns = new ArrayList<>();
    for (String name : Backtest.ROW_KEYS) {
      columns.add(col(name));
    }
    columns.add(col(Columns.CHURNED));
    Column[] labels = columns.toArray(Column[]::new);
    for (String type : eventTypes) {
      // Quoted: an event type may contain dots or spaces.
      columns.add(coalesce(col("`" + type.replace("`", "``") + "`"), lit(0L)).as(type));
    }
    return labelled
        .where(col(Columns.CHURNED).isNotNull())
        .select(labels)
        .join(perType, Columns.joinKeys(Backtest.ROW_KEYS), "left")
        .select(columns.toArray(Column[]::new));
  }

  /**
   * Fits churn on the {@code eventTypes} counts of {@code features} and suggests, per type, {@code
   * -coefficient x scale}: a type whose events go with less churn gets a positive weight. {@code
   * scale} makes the largest absolute suggestion equal the largest absolute current weight, so both
   * read on the same scale. Features are standardized for the fit (MLlib's default) and the
   * coefficients reported on the counts' own scale: one more event of the type changes the log-odds
   * of churn by the coefficient.
   *
   * @param current the current weight of each type (absent: none, null in the output)
   */
  public static Dataset<Row> fit(
      Dataset<Row> features, List<String> eventTypes, Map<String, BigDecimal> current) {
    Dataset<Row> training =
        new VectorAssembler()
            .setInputCols(eventTypes.toArray(String[]::new))
            .setOutputCol(FEATURES)
            .transform(features)
            .withColumn(LABEL, when(col(Columns.CHURNED), lit(1.0)).otherwise(lit(0.0)));
    LogisticRegressionModel model =
        new LogisticRegression()
            .setFeaturesCol(FEATURES)
            .setLabelCol(LABEL)
            .setRegParam(REGULARIZATION)
            .setElasticNetParam(0.0)
            .setStandardization(true)
            .fit(training);
    double[] coefficients = model.coefficients().toArray();
    double largestCoefficient = 0;
    for (double c : coefficients) {
      largestCoefficient = Math.max(largestCoefficient, Math.abs(c));
    }
    BigDecimal largestWeight =
        current.values().stream().map(BigDecimal::abs).reduce(BigDecimal.ZERO, BigDecimal::max);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < eventTypes.size(); i++) {
      BigDecimal suggested =
          largestCoefficient == 0
              ? BigDecimal.ZERO
              : BigDecimal.valueOf(-coefficients[i])
                  .multiply(largestWeight)
                  .divide(BigDecimal.valueOf(largestCoefficient), 6, RoundingMode.HALF_UP);
      rows.add(
          RowFactory.create(
              eventTypes.get(i),
              current.containsKey(eventTypes.get(i))
                  ? current.get(eventTypes.get(i)).setScale(6)
                  : null,
              coefficients[i],
              suggested.setScale(6, RoundingMode.HALF_UP)));
    }
    return features.sparkSession().createDataFrame(rows, SCHEMA);
  }
}
