package dev.engagement.score.core.categories;

import static org.apache.spark.sql.functions.col;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.TestSchemas;
import dev.engagement.score.config.TierRules;
import dev.engagement.score.core.events.RejectReason;
import dev.engagement.score.core.normalization.Normalization;
import dev.engagement.score.core.scoring.ScoreAggregator;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.core.scoring.ScoringPipeline;
import dev.engagement.score.core.weights.PeriodWeights;
import dev.engagement.score.core.weights.WeightSource;
import dev.engagement.score.core.weights.Weighting;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.Period;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Category sub-scores and the combined score, on three customers and two categories worked out by
 * hand.
 *
 * <p>Weights: product = login 1, project_added 5; support = ticket_opened -2, csat_positive 3.
 * Combination: product 70%, support 30%. October's counts:
 *
 * <pre>
 * customer  events                                   product          support        raw
 * a         10 login, 2 project_added, 1 ticket      10 + 10 = 20     -2             18
 * b         4 login                                  4                0 (none)        4
 * c         3 project_added, 2 ticket, 1 csat        15               -4 + 3 = -1    14
 * </pre>
 */
class CategoryScoresTest extends SparkTestBase {
  private static final StructType COUNTS =
      TestSchemas.CUSTOMER_PERIOD
          .add(Columns.EVENT_TYPE, DataTypes.StringType)
          .add(Columns.REJECT_REASON, DataTypes.StringType)
          .add(Columns.EVENT_COUNT, DataTypes.LongType)
          .add(Columns.LAST_EVENT_DATE, DataTypes.DateType);

  private static final Date OCT_1 = Date.valueOf("2026-10-01");
  private static final Date OCT_31 = Date.valueOf("2026-10-31");
  private static final Period OCTOBER =
      new Period("month", LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31));

  private static final Categories CATEGORIES =
      new Categories(
          Map.of("product", new BigDecimal("70"), "support", new BigDecimal("30")), true);

  private static final Normalization PERCENT =
      new Normalization(
          Normalization.Method.MINMAX,
          BigDecimal.ZERO,
          new BigDecimal("100"),
          Optional.empty(),
          Optional.empty());

  private static final TierRules TIERS =
      TierRules.parse("[{name = low, below = 50}, {name = high}]");

  private static WeightSource.Weight w(String type, String weight, String category) {
    return new WeightSource.Weight(type, new BigDecimal(weight).setScale(6), null, null, category);
  }

  private Dataset<Row> weights() {
    return PeriodWeights.of(
        spark(),
        WeightSource.table(
            List.of(
                w("login", "1", "product"),
                w("project_added", "5", "product"),
                w("ticket_opened", "-2", "support"),
                w("csat_positive", "3", "support")),
            false),
        List.of(OCTOBER));
  }

  private Object[] count(String customer, String type, String reason, long n) {
    return new Object[] {customer, "month", OCT_1, OCT_31, type, reason, n, OCT_31};
  }

  private Dataset<Row> periodSums() {
    Dataset<Row> counts =
        df(
            COUNTS,
            count("a", "login", null, 10),
            count("a", "project_added", null, 2),
            count("a", "ticket_opened", null, 1),
            count("a", "legacy_click", RejectReason.UNKNOWN_EVENT_TYPE, 5),
            count("b", "login", null, 4),
            count("c", "project_added", null, 3),
            count("c", "ticket_opened", null, 2),
            count("c", "csat_positive", null, 1));
    Dataset<Row> weights = weights();
    return ScoreAggregator.sumPeriods(
        CategoryScores.attach(Weighting.attach(counts, weights), weights),
        col(Columns.EVENT_COUNT),
        List.of("product", "support"));
  }

  private static Map<String, BigDecimal> subScores(String product, String support) {
    Map<String, BigDecimal> m = new LinkedHashMap<>();
    m.put("product", new BigDecimal(product));
    m.put("support", new BigDecimal(support));
    return m;
  }

  @Test
  void eachCategorySumsTheWeightedCountsOfItsTypes() {
    StructType schema =
        TestSchemas.CUSTOMER_PERIOD
            .add(Columns.REJECT_REASON, DataTypes.StringType)
            .add(Columns.EVENT_COUNT, DataTypes.LongType)
            .add(Columns.RAW_SCORE, Columns.RAW_SCORE_TYPE)
            .add(
                Columns.SUB_RAW_SCORES,
                DataTypes.createMapType(DataTypes.StringType, Columns.RAW_SCORE_TYPE, true))
            .add(Columns.LAST_EVENT_DATE, DataTypes.DateType)
            .add(Columns.REJECTED_EVENT_TYPE, DataTypes.StringType);
    // raw_score stays the plain total; rejected rows have no sub-scores, unknown ones their type.
    assertDataFrameNoOrderEquals(
        df(
            schema,
            new Object[] {
              "a", "month", OCT_1, OCT_31, null, 13L, raw("18"), subRaw("20", "-2"), OCT_31, null
            },
            new Object[] {
              "a",
              "month",
              OCT_1,
              OCT_31,
              RejectReason.UNKNOWN_EVENT_TYPE,
              5L,
              null,
              null,
              OCT_31,
              "legacy_click"
            },
            new Object[] {
              "b", "month", OCT_1, OCT_31, null, 4L, raw("4"), subRaw("4", "0"), OCT_31, null
            },
            new Object[] {
              "c", "month", OCT_1, OCT_31, null, 6L, raw("14"), subRaw("15", "-1"), OCT_31, null
            }),
        periodSums());
  }

  @Test
  void subScoresAreNormalizedPerCategoryAndCombinedWithTheWeights() {
    // product: min 4 (b), max 20 (a), span 16: a 100, b 0, c (15 - 4) / 16 x 100 = 68.75.
    // support: min -2 (a), max 0 (b), span 2: a 0, b 100, c (-1 + 2) / 2 x 100 = 50.
    // combined = 0.7 x product + 0.3 x support:
    //   a 70 + 0 = 70.00; b 0 + 30 = 30.00; c 48.125 + 15 = 63.125, rounded half-up once to 63.13.
    // raw: min 4, max 18, span 14: a 100, b 0, c (14 - 4) / 14 x 100 = 71.428... -> 71.43.
    // Tiers on the combined score (low < 50): a high, b low, c high (on raw c would be 14).
    StructType schema =
        TestSchemas.CUSTOMER_PERIOD
            .add(Columns.EVENT_COUNT, DataTypes.LongType)
            .add(Columns.RAW_SCORE, Columns.RAW_SCORE_TYPE)
            .add(Columns.NORMALIZED_SCORE, Columns.NORMALIZED_SCORE_TYPE)
            .add(Columns.SUB_SCORES, CategoryScores.SUB_SCORES_TYPE, false)
            .add(Columns.COMBINED_SCORE, Columns.NORMALIZED_SCORE_TYPE)
            .add(Columns.TIER, DataTypes.StringType, false);
    Dataset<Row> actual =
        ScoringPipeline.score(
                periodSums(),
                weights(),
                new ScoreRules(PERCENT, TIERS, false, CATEGORIES, OptionalInt.empty(), Map.of()))
            .select(Columns.cols(schema.fieldNames()));
    assertDataFrameNoOrderEquals(
        df(
            schema,
            new Object[] {
              "a",
              "month",
              OCT_1,
              OCT_31,
              13L,
              raw("18"),
              new BigDecimal("100.00"),
              subScores("100.00", "0.00"),
              new BigDecimal("70.00"),
              "high"
            },
            new Object[] {
              "b",
              "month",
              OCT_1,
              OCT_31,
              4L,
              raw("4"),
              new BigDecimal("0.00"),
              subScores("0.00", "100.00"),
              new BigDecimal("30.00"),
              "low"
            },
            new Object[] {
              "c",
              "month",
              OCT_1,
              OCT_31,
              6L,
              raw("14"),
              new BigDecimal("71.43"),
              subScores("68.75", "50.00"),
              new BigDecimal("63.13"),
              "high"
            }),
        actual);
  }

  @Test
  void withoutCategoriesBothColumnsAreNull() {
    StructType schema =
        TestSchemas.CUSTOMER_PERIOD
            .add(Columns.SUB_SCORES, CategoryScores.SUB_SCORES_TYPE)
            .add(Columns.COMBINED_SCORE, Columns.NORMALIZED_SCORE_TYPE);
    Dataset<Row> sums = periodSums().drop(Columns.SUB_RAW_SCORES);
    assertDataFrameNoOrderEquals(
        df(
            schema,
            new Object[] {"a", "month", OCT_1, OCT_31, null, null},
            new Object[] {"b", "month", OCT_1, OCT_31, null, null},
            new Object[] {"c", "month", OCT_1, OCT_31, null, null}),
        ScoringPipeline.score(
                sums,
                weights(),
                new ScoreRules(PERCENT, TIERS, true, Categories.OFF, OptionalInt.empty(), Map.of()))
            .select(Columns.cols(schema.fieldNames())));
  }

  private static BigDecimal raw(String value) {
    return new BigDecimal(value).setScale(6);
  }

  private static Map<String, BigDecimal> subRaw(String product, String support) {
    Map<String, BigDecimal> m = new LinkedHashMap<>();
    m.put("product", raw(product));
    m.put("support", raw(support));
    return m;
  }
}
