package dev.engagement.score.feature.accounts;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;

import dev.engagement.score.core.normalization.Normalizer;
import dev.engagement.score.core.scoring.OutputRows;
import dev.engagement.score.core.scoring.PeriodAssigner;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.core.scoring.TierAssigner;
import dev.engagement.score.feature.accounts.AccountsFeature.Rollup;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.Period;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Account scores for B2B events (many customers per account), see docs/accounts.md. In each period
 * a customer belongs to one account, that of its latest scored event carrying an account id ({@link
 * #members}); an account's raw score is the sum or the mean of its customers' period raw scores
 * ({@link #combine}); accounts are then normalized and tiered among the period's accounts like
 * customers are among its customers ({@link #score}).
 */
public final class AccountRollup {
  /** The version of {@link #SCHEMA}, recorded as a table property like the score table's. */
  public static final int SCHEMA_VERSION = 1;

  /**
   * The account table's columns, in order, with their comments: those it shares with the score
   * table are the score table's.
   */
  public static final StructType SCHEMA =
      new StructType()
          .add(Columns.ACCOUNT_ID, DataTypes.StringType, true, "Account the score belongs to")
          .add(OutputRows.SCHEMA.apply(Columns.PERIOD_KIND))
          .add(OutputRows.SCHEMA.apply(Columns.PERIOD_START))
          .add(OutputRows.SCHEMA.apply(Columns.PERIOD_END))
          .add(
              Columns.CUSTOMER_COUNT,
              DataTypes.LongType,
              true,
              "Customers counted for the account in the period (the account of their latest"
                  + " scored event)")
          .add(
              Columns.EVENT_COUNT,
              DataTypes.LongType,
              true,
              "Scored events of those customers in the period")
          .add(
              Columns.ROLLUP,
              DataTypes.StringType,
              true,
              "sum or mean: how raw_score combines the customers' raw scores")
          .add(
              Columns.RAW_SCORE,
              Columns.RAW_SCORE_TYPE,
              true,
              "Exact sum of the customers' raw scores, or for mean that sum / customer_count"
                  + " rounded half-up to 6 decimals")
          .add(
              Columns.NORMALIZED_SCORE,
              Columns.NORMALIZED_SCORE_TYPE,
              true,
              "raw_score normalized over the period's accounts by the job's normalize method"
                  + " (null when normalization is off)")
          .add(OutputRows.SCHEMA.apply(Columns.TIER))
          .add(OutputRows.SCHEMA.apply(Columns.SCORED_AT))
          .add(OutputRows.SCHEMA.apply(Columns.JOB_VERSION))
          .add(OutputRows.SCHEMA.apply(Columns.RUN_ID));

  private static final String[] CUSTOMER_PERIOD = {
    Columns.CUSTOMER_ID, Columns.PERIOD_KIND, Columns.PERIOD_START, Columns.PERIOD_END
  };

  private AccountRollup() {}

  /**
   * Tagged events ({@link ScoringPipeline#tagEvents}, with {@code account_id}) to each customer's
   * account per period: the account of its latest scored event in the period that has one (of
   * events at the same latest time, the greatest account id). A customer who moved accounts within
   * the period counts for the account it ended in. Rejected events and events without an account id
   * decide nothing; a customer with no other events has no row (it is unassigned).
   */
  public static Dataset<Row> members(Dataset<Row> taggedEvents, List<Period> periods) {
    Dataset<Row> withAccount =
        taggedEvents
            .filter(col(Columns.REJECT_REASON).isNull().and(col(Columns.ACCOUNT_ID).isNotNull()))
            .select(
                Columns.cols(
                    Columns.CUSTOMER_ID, Columns.LOCAL_DATE, Columns.EVENT_TS, Columns.ACCOUNT_ID));
    return PeriodAssigner.assign(withAccount, periods)
        .groupBy(Columns.cols(CUSTOMER_PERIOD))
        .agg(
            // Structs compare field by field: the latest time first, then the account id.
            max(struct(col(Columns.EVENT_TS), col(Columns.ACCOUNT_ID)))
                .getField(Columns.ACCOUNT_ID)
                .as(Columns.ACCOUNT_ID));
  }

  /**
   * Customer raw scores ({@link ScoreAggregator#score}: one row per customer and period) and their
   * {@link #members} to one row per account and period: {@code customer_count}, {@code event_count}
   * (both sums over its customers), {@code raw_score} and {@code rollup}. With {@code SUM} the raw
   * score is the exact sum of the customers' raw scores; with {@code MEAN} that sum divided by
   * {@code customer_count}, rounded once, half-up (ties away from zero), to the raw score's 6
   * decimal places. Customers without an account are kept, as one row per period with a null {@code
   * account_id}, so that they are counted ({@link Unassigned}) rather than lost.
   */
  public static Dataset<Row> combine(
      Dataset<Row> customerScores, Dataset<Row> members, Rollup rollup) {
    Dataset<Row> sums =
        customerScores
            .join(members, Columns.joinKeys(CUSTOMER_PERIOD), "left")
            .groupBy(
                Columns.ACCOUNT_ID, Columns.PERIOD_KIND, Columns.PERIOD_START, Columns.PERIOD_END)
            .agg(
                count(lit(1)).as(Columns.CUSTOMER_COUNT),
                sum(Columns.EVENT_COUNT).as(Columns.EVENT_COUNT),
                sum(Columns.RAW_SCORE).cast(Columns.RAW_SCORE_TYPE).as(Columns.RAW_SCORE))
            .withColumn(Columns.ROLLUP, lit(rollup.name().toLowerCase(Locale.ROOT)));
    if (rollup == Rollup.SUM) {
      return sums;
    }
    UserDefinedFunction mean =
        udf((UDF2<BigDecimal, Long, BigDecimal>) AccountRollup::mean, Columns.RAW_SCORE_TYPE);
    return sums.withColumn(
        Columns.RAW_SCORE, mean.apply(col(Columns.RAW_SCORE), col(Columns.CUSTOMER_COUNT)));
  }

  /** Exact: BigDecimal division with a single rounding step. */
  static BigDecimal mean(BigDecimal total, Long customers) {
    return total.divide(
        BigDecimal.valueOf(customers), Columns.RAW_SCORE_TYPE.scale(), RoundingMode.HALF_UP);
  }

  /**
   * Account sums ({@link #combine}) to the account table's scores: the accounts only (unassigned
   * customers left out), normalized within each period over its accounts and tiered, with the job's
   * normalization and tier settings.
   */
  public static Dataset<Row> score(Dataset<Row> accountSums, ScoreRules rules) {
    return accountSums
        .filter(col(Columns.ACCOUNT_ID).isNotNull())
        // Accounts have no segment: normalized over the period's accounts.
        .transform(s -> Normalizer.normalize(s, rules.normalization().unsegmented()))
        .transform(s -> TierAssigner.assign(s, rules.tiers(), rules.tiersOnNormalized()));
  }

  /** Scored accounts ({@link #score}) in the account table's {@link #SCHEMA}. */
  public static Dataset<Row> shape(
      Dataset<Row> scores, Instant scoredAt, String jobVersion, String runId) {
    return OutputRows.shape(scores, SCHEMA, scoredAt, jobVersion, runId);
  }

  /**
   * The customers left out of the account table, over all of a run's periods: customer-periods none
   * of whose scored events has an account id, and their scored events. They are in the score table
   * as usual.
   */
  public record Unassigned(long customers, long events) {
    public static Unassigned of(Dataset<Row> accountSums) {
      Row r =
          accountSums
              .filter(col(Columns.ACCOUNT_ID).isNull())
              .agg(
                  coalesce(sum(Columns.CUSTOMER_COUNT), lit(0L)),
                  coalesce(sum(Columns.EVENT_COUNT), lit(0L)))
              .first();
      return new Unassigned(r.getLong(0), r.getLong(1));
    }
  }
}
