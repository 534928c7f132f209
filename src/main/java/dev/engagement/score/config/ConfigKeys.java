package dev.engagement.score.config;

/**
 * Every configuration key, relative to the {@code engagement} block of the HOCON settings ({@code
 * events.path} is {@code engagement.events.path}). Defaults and documentation live in {@code
 * reference.conf}, the one source of truth; a key absent from it is rejected.
 */
public final class ConfigKeys {
  public static final String EVENTS_PATH = "events.path";
  public static final String EVENTS_FORMAT = "events.format";
  public static final String EVENTS_CUSTOMER_COLUMN = "events.customer_column";
  public static final String EVENTS_TYPE_COLUMN = "events.type_column";
  public static final String EVENTS_TIME_COLUMN = "events.time_column";
  public static final String EVENTS_PARTITION_COLUMN = "events.partition_column";
  public static final String EVENTS_NTZ_TIMEZONE = "events.ntz_timezone";
  public static final String EVENTS_ID_COLUMN = "events.id_column";
  public static final String EVENTS_MIN_TIME = "events.min_time";
  public static final String EVENTS_MAX_DAYS_AHEAD = "events.max_days_ahead";
  public static final String ON_EMPTY = "on_empty";
  public static final String MAX_REJECT_RATIO = "max_reject_ratio";
  public static final String MAX_ROW_DROP = "max_row_drop";
  public static final String REJECTS_PATH = "rejects.path";
  public static final String WEIGHTS_PATH = "weights.path";
  public static final String WEIGHTS_FORMAT = "weights.format";
  public static final String PERIOD = "period";
  public static final String WINDOW_DAYS = "window_days";
  public static final String TIMEZONE = "timezone";
  public static final String DATE = "date";
  public static final String LOOKBACK_DAYS = "lookback_days";
  public static final String MAX_RANGE_DAYS = "max_range_days";
  public static final String NORMALIZE_METHOD = "normalize.method";
  public static final String NORMALIZE_RANGE_MIN = "normalize.range_min";
  public static final String NORMALIZE_RANGE_MAX = "normalize.range_max";
  public static final String TIERS_RULES = "tiers.rules";
  public static final String TIERS_SCORE = "tiers.score";
  public static final String TREND_SCORE = "trend.score";
  public static final String TREND_STABLE_BAND = "trend.stable_band";
  public static final String OUTPUT_PATH = "output.path";
  public static final String AUDIT_PATH = "audit.path";
  public static final String CATALOG_TABLE = "catalog.table";
  public static final String AGGREGATE_PATH = "aggregate.path";
  public static final String AGGREGATE_REREAD_DAYS = "aggregate.reread_days";
  public static final String CUSTOMERS_PATH = "customers.path";
  public static final String CUSTOMERS_FORMAT = "customers.format";
  public static final String CUSTOMERS_ID_COLUMN = "customers.id_column";
  public static final String CUSTOMERS_ACTIVE_FROM_COLUMN = "customers.active_from_column";
  public static final String CUSTOMERS_ACTIVE_TO_COLUMN = "customers.active_to_column";
  // Account rollup.
  public static final String EVENTS_ACCOUNT_COLUMN = "events.account_column";
  public static final String ACCOUNTS_PATH = "accounts.path";
  public static final String ACCOUNTS_ROLLUP = "accounts.rollup";
  // Categories and combined scores.
  public static final String CATEGORIES_WEIGHTS = "categories.weights";
  // Recency decay.
  public static final String DECAY_HALF_LIFE_DAYS = "decay.half_life_days";

  // Robust normalization (docs/normalization.md).
  public static final String NORMALIZE_CLIP_PERCENTILES = "normalize.clip_percentiles";
  public static final String NORMALIZE_SEGMENT_COLUMN = "normalize.segment_column";

  // Per-event-type breakdown table and caps (docs/breakdown.md).
  public static final String BREAKDOWN_PATH = "breakdown.path";
  public static final String CAPS = "caps";

  // Manual overrides (docs/overrides.md).
  public static final String OVERRIDES_PATH = "overrides.path";
  public static final String OVERRIDES_FORMAT = "overrides.format";

  // Weight-change preview: the preview-weights command (docs/weight-preview.md).
  public static final String PREVIEW_TOP = "preview.top";
  public static final String PREVIEW_REPORT_PATH = "preview.report_path";

  // Backtesting (docs/backtesting.md).
  public static final String BACKTEST_OUTCOMES_PATH = "backtest.outcomes.path";
  public static final String BACKTEST_OUTCOMES_FORMAT = "backtest.outcomes.format";
  public static final String BACKTEST_HORIZON_DAYS = "backtest.horizon_days";
  public static final String BACKTEST_REPORT_PATH = "backtest.report.path";
  public static final String MAINTAIN_RETENTION_HOURS = "maintain.retention_hours";
  public static final String MAINTAIN_FORCE = "maintain.force";

  // Tier transitions and alerts (docs/transitions.md).
  public static final String TRANSITIONS_PATH = "transitions.path";
  public static final String TRANSITIONS_ALERTS = "transitions.alerts";
  // Restatements of final periods (docs/restatements.md).
  public static final String RESTATEMENTS_PATH = "restatements.path";
  public static final String RESTATEMENTS_REASON = "restatements.reason";
  // Identifiers and time encodings (README, "Identifiers and event times").
  public static final String EVENTS_CUSTOMER_ID_WHITESPACE = "events.customer_id_whitespace";
  public static final String EVENTS_CUSTOMER_ID_INTEGERS = "events.customer_id_integers";
  public static final String EVENTS_TIME_ENCODING = "events.time_encoding";
  // De-duplication by event id (README, "Duplicates").
  public static final String EVENTS_ID_SCOPE = "events.id_scope";
  public static final String EVENTS_UNIQUE_IDS = "events.unique_ids";

  private ConfigKeys() {}
}
