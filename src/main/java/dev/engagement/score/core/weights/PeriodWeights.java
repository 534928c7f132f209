package dev.engagement.score.core.weights;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.core.decay.RecencyDecay;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.Fingerprint;
import dev.engagement.score.model.Period;
import dev.engagement.score.model.UserInputException;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
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
 *
 * <p>With recency decay (see {@link RecencyDecay}, docs/decay.md), a type's weight also depends on
 * the day: one row per period, type and {@code age} (0 on the period's last day), with the decayed
 * weight.
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

  /** {@link #SCHEMA} with recency decay: each row is the weight of the days of one {@code age}. */
  public static final StructType DECAYED_SCHEMA =
      SCHEMA.add(Columns.AGE, DataTypes.IntegerType, false);

  private PeriodWeights() {}

  /** One row per period and known event type; fails when no weight at all is valid in a period. */
  public static Dataset<Row> of(
      SparkSession spark, WeightSource.WeightTable table, List<Period> periods) {
    return of(spark, table, periods, OptionalInt.empty());
  }

  /**
   * As {@link #of(SparkSession, WeightSource.WeightTable, List)}, with recency decay when {@code
   * halfLifeDays} is present: then one row per period, known type and age ({@link
   * #DECAYED_SCHEMA}), and the half-life is part of each period's {@code weights_version}.
   */
  public static Dataset<Row> of(
      SparkSession spark,
      WeightSource.WeightTable table,
      List<Period> periods,
      OptionalInt halfLifeDays) {
    Optional<RecencyDecay> decay =
        halfLifeDays.isPresent()
            ? Optional.of(new RecencyDecay(halfLifeDays.getAsInt()))
            : Optional.empty();
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
      String version = version(WeightSource.WeightTable.version(valid), decay);
      Map<String, String> categories = table.categories();
      Date start = Date.valueOf(p.start());
      Date end = Date.valueOf(p.end());
      int days = (int) ChronoUnit.DAYS.between(p.start(), p.end()) + 1;
      for (String type : table.eventTypes()) {
        BigDecimal weight =
            valid.getOrDefault(type, BigDecimal.ZERO.setScale(Columns.WEIGHT_TYPE.scale()));
        if (decay.isEmpty()) {
          rows.add(
              RowFactory.create(p.kind(), start, end, type, weight, version, categories.get(type)));
        } else {
          for (int age = 0; age < days; age++) {
            rows.add(
                RowFactory.create(
                    p.kind(),
                    start,
                    end,
                    type,
                    decay.get().weight(weight, age),
                    version,
                    categories.get(type),
                    age));
          }
        }
      }
    }
    return spark.createDataFrame(rows, decay.isEmpty() ? SCHEMA : DECAYED_SCHEMA);
  }

  /**
   * A period's {@code weights_version}: the fingerprint of its weights, or with decay the
   * fingerprint of that fingerprint and the half-life, so that the output says which weighting
   * produced a row (and a key cannot be confused with an event type).
   */
  private static String version(String weightsVersion, Optional<RecencyDecay> decay) {
    return decay
        .map(
            d ->
                Fingerprint.of(
                    Map.of(
                        "weights",
                        weightsVersion,
                        ConfigKeys.DECAY_HALF_LIFE_DAYS,
                        Integer.toString(d.halfLifeDays()))))
        .orElse(weightsVersion);
  }

  /** Whether {@code periodWeights} are per age, i.e. with recency decay. */
  public static boolean decayed(Dataset<Row> periodWeights) {
    return Arrays.asList(periodWeights.columns()).contains(Columns.AGE);
  }

  /**
   * The distinct {@code weights_version} values of {@code rows} (period weights, or scores), nulls
   * left out, sorted.
   */
  public static List<String> distinctVersions(Dataset<Row> rows) {
    return rows
        .select(Columns.WEIGHTS_VERSION)
        .where(rows.col(Columns.WEIGHTS_VERSION).isNotNull())
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
