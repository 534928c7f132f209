package dev.engagement.score.model;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/** Canonical column names and score types, used by every transform and by the output table. */
public final class Columns {
  /** Weights: up to 12 integer digits and 6 decimal places, e.g. -2.5 or 0.000125. */
  public static final DecimalType WEIGHT_TYPE = DataTypes.createDecimalType(18, 6);

  /** Raw scores: exact sums of weight x count, at the weights' scale. */
  public static final DecimalType RAW_SCORE_TYPE = DataTypes.createDecimalType(38, 6);

  /** Normalized scores: a fixed 2 decimal places, rounded half-up. */
  public static final DecimalType NORMALIZED_SCORE_TYPE = DataTypes.createDecimalType(18, 2);

  // Events, after the configured source columns are mapped onto these names.
  public static final String CUSTOMER_ID = "customer_id";
  public static final String EVENT_TYPE = "event_type";
  public static final String EVENT_TS = "event_ts";

  /** Present only when the events have the configured id column. */
  public static final String EVENT_ID = "event_id";

  /** Why an event is not scored; null for events that are. See {@code RejectReason}. */
  public static final String REJECT_REASON = "reject_reason";

  /**
   * In the period sums, the event type of events rejected as {@code unknown_event_type} (null on
   * every other row), so that a run can name the types its weight table lacks.
   */
  public static final String REJECTED_EVENT_TYPE = "rejected_event_type";

  /** The event's calendar date in the business time zone. */
  public static final String LOCAL_DATE = "local_date";

  // Weights.
  public static final String WEIGHT = "weight";

  /** The fingerprint of the weights a period was scored with. See {@code PeriodWeights}. */
  public static final String WEIGHTS_VERSION = "weights_version";

  // Periods and scores.
  public static final String PERIOD_KIND = "period_kind";
  public static final String PERIOD_START = "period_start";
  public static final String PERIOD_END = "period_end";
  public static final String EVENT_COUNT = "event_count";
  public static final String RAW_SCORE = "raw_score";
  public static final String NORMALIZED_SCORE = "normalized_score";
  public static final String TIER = "tier";
  public static final String SCORED_AT = "scored_at";
  public static final String JOB_VERSION = "job_version";

  // The customer dimension. See {@code CustomerSource}.
  public static final String ACTIVE_FROM = "active_from";
  public static final String ACTIVE_TO = "active_to";

  /** The group a customer's score is normalized in (a column of the customer dimension). */
  public static final String SEGMENT = "segment";

  // Trend: the customer's previous period. See {@code TrendAssigner}.
  public static final String PREVIOUS_RAW_SCORE = "previous_raw_score";
  public static final String PREVIOUS_NORMALIZED_SCORE = "previous_normalized_score";
  public static final String RAW_SCORE_CHANGE = "raw_score_change";
  public static final String NORMALIZED_SCORE_CHANGE = "normalized_score_change";
  public static final String TREND = "trend";

  /** The run that wrote the row: the key of the audit table. */
  public static final String RUN_ID = "run_id";

  // Normalization's working columns (see Normalizer): a customer's position between its group's
  // low and high, and the counts behind percentiles.
  public static final String NORM_POSITION = "norm_position";
  public static final String NORM_LOW = "norm_low";
  public static final String NORM_HIGH = "norm_high";
  public static final String NORM_TIES = "norm_ties";
  public static final String NORM_AT_OR_BELOW = "norm_at_or_below";
  public static final String NORM_GROUP_SIZE = "norm_group_size";
  // z-scores: a group's sum of raw scores, of their squares, and its keys as JSON.
  public static final String NORM_SUM = "norm_sum";
  public static final String NORM_SUM_OF_SQUARES = "norm_sum_of_squares";
  public static final String NORM_GROUP_NAME = "norm_group_name";

  /** Prefix of a group key's copy on the per-group side of a normalization join. */
  public static final String NORM_KEY_PREFIX = "norm_key_";

  // Account rollup (see docs/accounts.md).
  /** The account a customer belongs to; only when events.account_column is set. */
  public static final String ACCOUNT_ID = "account_id";

  public static final String CUSTOMER_COUNT = "customer_count";

  /** How an account's raw score combines its customers' ({@code sum} or {@code mean}). */
  public static final String ROLLUP = "rollup";

  // Per-event-type sums and the breakdown table (docs/breakdown.md).
  /** Events of a type that count in the score: {@code min(event_count, cap)}, see caps. */
  public static final String COUNTED = "counted";

  /** A type's share of {@code raw_score}: weight x counted, exact, at the raw score's type. */
  public static final String CONTRIBUTION = "contribution";

  // Categories and combined scores (see docs/categories.md).
  /** An event type's category (optional column of the weight table), e.g. product or support. */
  public static final String CATEGORY = "category";

  /** Per category, the exact sum of weight x count over its types: a transient period column. */
  public static final String SUB_RAW_SCORES = "sub_raw_scores";

  /** Per category, its sub-score normalized within the period. */
  public static final String SUB_SCORES = "sub_scores";

  /** The sub-scores combined with the configured category weights. */
  public static final String COMBINED_SCORE = "combined_score";

  // Recency decay (see docs/decay.md).
  /**
   * Days from an event's business day to its period's last day: 0 on the last day. Joins a day's
   * counts to the decayed weights of {@code PeriodWeights}; never written.
   */
  public static final String AGE = "age";

  // Activity states (see docs/activity.md and ActivityStates).
  /** The business day of the customer's latest scored event on or before the period's end. */
  public static final String LAST_EVENT_DATE = "last_event_date";

  public static final String DAYS_SINCE_LAST_EVENT = "days_since_last_event";
  public static final String NEVER_ACTIVE = "never_active";
  public static final String ACTIVITY_STATE = "activity_state";

  // Manual overrides (see docs/overrides.md and Overrides).
  public static final String OVERRIDDEN = "overridden";
  public static final String OVERRIDE_REASON = "override_reason";

  // Backtesting (see docs/backtesting.md).
  /** The outcome table's outcome: {@code churned} or {@code renewed}. */
  public static final String OUTCOME = "outcome";

  /** The day of an outcome. */
  public static final String OUTCOME_DATE = "outcome_date";

  /** A scored row's label: its customer's first outcome within the horizon was a churn. */
  public static final String CHURNED = "churned";

  /** A row's score decile within its period, 1 (lowest scores) to 10 (highest). */
  public static final String DECILE = "decile";

  /** Labelled rows in a backtest group. */
  public static final String ROWS = "rows";

  /** Share of a group's labelled rows that churned. */
  public static final String CHURN_RATE = "churn_rate";

  /** A group's churn rate divided by the overall churn rate. */
  public static final String LIFT = "lift";

  /** Area under the ROC curve of the score as a predictor of not churning. */
  public static final String AUC = "auc";

  // Tier transitions and alerts (see docs/transitions.md).
  public static final String PREVIOUS_TIER = "previous_tier";

  /** The raw score's change in percent of the previous raw score's magnitude. */
  public static final String RAW_SCORE_CHANGE_PCT = "raw_score_change_pct";

  /** A customer's rank in its period by raw score, highest first, ties sharing the best rank. */
  public static final String RANK = "rank";

  public static final String PREVIOUS_RANK = "previous_rank";
  public static final String RANK_CHANGE = "rank_change";

  /** The names of the alert rules that fired on a row; {@code alert}: whether any did. */
  public static final String ALERTS = "alerts";

  public static final String ALERT = "alert";

  // Provisional and final scores, restatements (see docs/restatements.md).
  /** True while a later scheduled run may still rewrite the row's period (its lookback). */
  public static final String PROVISIONAL = "provisional";

  /** The restatement log: when the run started, the user's reason, the detected causes. */
  public static final String RESTATED_AT = "restated_at";

  public static final String REASON = "reason";
  public static final String CAUSES = "causes";

  /** How a customer's row of a final period changed: added, removed or changed. */
  public static final String CHANGE = "change";

  /** Prefixes of the restatement log's values before and after the run. */
  public static final String OLD_PREFIX = "old_";

  public static final String NEW_PREFIX = "new_";

  /** The audit table's settings fingerprint of a run. */
  public static final String CONFIG_HASH = "config_hash";

  /** The columns that identify one period. */
  public static final String[] PERIOD_KEYS = {PERIOD_KIND, PERIOD_START, PERIOD_END};

  /** Columns by name, in order. */
  public static Column[] cols(String... names) {
    return Arrays.stream(names).map(functions::col).toArray(Column[]::new);
  }

  /**
   * Column names for {@code Dataset.join(other, keys, joinType)}: the array overload, the same on
   * both Spark lines (a Scala {@code Seq} is {@code scala.collection.Seq} on Scala 2.12 and {@code
   * scala.collection.immutable.Seq} on 2.13).
   */
  public static String[] joinKeys(String... names) {
    return names;
  }

  private Columns() {}
}
