package dev.engagement.score.config;

import static dev.engagement.score.config.ConfigKeys.*;

import dev.engagement.score.feature.breakdown.Caps;
import dev.engagement.score.feature.categories.Categories;
import dev.engagement.score.feature.normalization.Normalization;
import dev.engagement.score.feature.transitions.Alerts;
import dev.engagement.score.feature.trend.Trend;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.Fingerprint;
import dev.engagement.score.model.PeriodCalendar;
import dev.engagement.score.model.PeriodKind;
import dev.engagement.score.model.UserInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Builds {@link JobSettings} from the defaults in {@code reference.conf}, then each overlay file in
 * order, then the command line's overrides. Unknown keys and invalid values fail here, before any
 * Spark work.
 */
public final class SettingsLoader {
  private static final String DEFAULTS = "/reference.conf";

  private SettingsLoader() {}

  public static JobSettings load(List<Path> overlays, Map<String, String> overrides) {
    Map<String, String> values = defaults();
    for (Path overlay : overlays) {
      merge(values, readOverlay(overlay), overlay.toString());
    }
    merge(values, overrides, "the command line");
    return build(values);
  }

  private static Map<String, String> defaults() {
    try (InputStream in = SettingsLoader.class.getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS + " is missing from the classpath");
      }
      Properties p = new Properties();
      p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
      return toMap(p);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + DEFAULTS, e);
    }
  }

  private static Map<String, String> readOverlay(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UserInputException(
          "Config file " + file + " does not exist: check the --config path");
    }
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Properties p = new Properties();
      p.load(r);
      return toMap(p);
    } catch (IOException | IllegalArgumentException e) {
      throw new UserInputException("Cannot read config file " + file + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, String> toMap(Properties p) {
    Map<String, String> m = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k).trim()));
    return m;
  }

  private static void merge(Map<String, String> into, Map<String, String> from, String source) {
    for (Map.Entry<String, String> e : from.entrySet()) {
      if (!into.containsKey(e.getKey())) {
        throw new UserInputException(
            "Unknown config key '"
                + e.getKey()
                + "' in "
                + source
                + ": remove it or use one of "
                + into.keySet());
      }
      into.put(e.getKey(), e.getValue());
    }
  }

  private static JobSettings build(Map<String, String> v) {
    JobSettings.Events events =
        new JobSettings.Events(
            required(v, EVENTS_PATH, "--events PATH"),
            SourceFormat.parse(
                EVENTS_FORMAT,
                v.get(EVENTS_FORMAT),
                EnumSet.of(SourceFormat.AUTO, SourceFormat.PARQUET, SourceFormat.DELTA)),
            required(v, EVENTS_CUSTOMER_COLUMN, null),
            required(v, EVENTS_TYPE_COLUMN, null),
            required(v, EVENTS_TIME_COLUMN, null),
            optional(v, EVENTS_PARTITION_COLUMN),
            zone(EVENTS_NTZ_TIMEZONE, v.get(EVENTS_NTZ_TIMEZONE)),
            optional(v, EVENTS_ID_COLUMN),
            instant(EVENTS_MIN_TIME, v.get(EVENTS_MIN_TIME)),
            wholeNumber(EVENTS_MAX_DAYS_AHEAD, v.get(EVENTS_MAX_DAYS_AHEAD), 0),
            optional(v, EVENTS_ACCOUNT_COLUMN),
            oneOf(
                EVENTS_CUSTOMER_ID_WHITESPACE,
                v.get(EVENTS_CUSTOMER_ID_WHITESPACE),
                CustomerIdWhitespace.class),
            trueOrFalse(EVENTS_CUSTOMER_ID_INTEGERS, v.get(EVENTS_CUSTOMER_ID_INTEGERS)),
            oneOf(EVENTS_TIME_ENCODING, v.get(EVENTS_TIME_ENCODING), TimeEncoding.class));
    JobSettings.Weights weights =
        new JobSettings.Weights(
            required(v, WEIGHTS_PATH, "--weights PATH"),
            SourceFormat.parse(
                WEIGHTS_FORMAT, v.get(WEIGHTS_FORMAT), EnumSet.allOf(SourceFormat.class)));
    PeriodCalendar calendar =
        new PeriodCalendar(
            PeriodKind.parse(v.get(PERIOD)), wholeNumber(WINDOW_DAYS, v.get(WINDOW_DAYS), 1));
    Normalization normalization = normalization(v);
    if (normalization.segmentColumn().isPresent() && optional(v, CUSTOMERS_PATH).isEmpty()) {
      throw new UserInputException(
          NORMALIZE_SEGMENT_COLUMN
              + " = "
              + normalization.segmentColumn().get()
              + " names a column of the customer dimension: set "
              + CUSTOMERS_PATH
              + ", or empty "
              + NORMALIZE_SEGMENT_COLUMN
              + ".");
    }
    boolean tiersOnNormalized = tiersOnNormalized(v.get(TIERS_SCORE), normalization);
    int rereadDays = wholeNumber(AGGREGATE_REREAD_DAYS, v.get(AGGREGATE_REREAD_DAYS), 0);
    return new JobSettings(
        events,
        weights,
        calendar,
        zone(TIMEZONE, v.get(TIMEZONE)),
        Optional.of(v.get(DATE)).filter(s -> !s.isEmpty()).map(s -> parseDate(DATE, s)),
        wholeNumber(LOOKBACK_DAYS, v.get(LOOKBACK_DAYS), 0),
        wholeNumber(MAX_RANGE_DAYS, v.get(MAX_RANGE_DAYS), 1),
        normalization,
        TierRules.parse(v.get(TIERS)),
        tiersOnNormalized,
        trend(v.get(TREND), v.get(TREND_STABLE_BAND), normalization),
        onEmpty(v.get(ON_EMPTY)),
        ratio(MAX_REJECT_RATIO, v.get(MAX_REJECT_RATIO)),
        ratio(MAX_ROW_DROP, v.get(MAX_ROW_DROP)),
        optional(v, REJECTS_PATH),
        required(v, OUTPUT_PATH, "--output PATH"),
        optional(v, AUDIT_PATH),
        optional(v, CATALOG_TABLE).map(SettingsLoader::tableName),
        optional(v, AGGREGATE_PATH).map(path -> new JobSettings.Aggregate(path, rereadDays)),
        optional(v, CUSTOMERS_PATH)
            .map(
                path ->
                    new JobSettings.Customers(
                        path,
                        SourceFormat.parse(
                            CUSTOMERS_FORMAT,
                            v.get(CUSTOMERS_FORMAT),
                            EnumSet.allOf(SourceFormat.class)),
                        required(v, CUSTOMERS_ID_COLUMN, null),
                        required(v, CUSTOMERS_ACTIVE_FROM_COLUMN, null),
                        required(v, CUSTOMERS_ACTIVE_TO_COLUMN, null))),
        Fingerprint.of(withoutReason(v)),
        accounts(v, events),
        optional(v, BREAKDOWN_PATH),
        Caps.parse(v.get(CAPS)),
        categories(v, normalization),
        halfLifeDays(v),
        optional(v, OVERRIDES_PATH)
            .map(
                path ->
                    new JobSettings.Overrides(
                        path,
                        SourceFormat.parse(
                            OVERRIDES_FORMAT,
                            v.get(OVERRIDES_FORMAT),
                            EnumSet.allOf(SourceFormat.class)))),
        preview(v),
        new JobSettings.Backtest(
            optional(v, BACKTEST_OUTCOMES_PATH),
            SourceFormat.parse(
                BACKTEST_OUTCOMES_FORMAT,
                v.get(BACKTEST_OUTCOMES_FORMAT),
                EnumSet.allOf(SourceFormat.class)),
            wholeNumber(BACKTEST_HORIZON_DAYS, v.get(BACKTEST_HORIZON_DAYS), 1),
            optional(v, BACKTEST_REPORT_PATH)),
        transitions(v),
        optional(v, RESTATEMENTS_PATH),
        optional(v, RESTATEMENTS_REASON));
  }

  // Weight-change preview.

  private static JobSettings.Preview preview(Map<String, String> v) {
    String top = v.get(PREVIEW_TOP);
    try {
      int n = Integer.parseInt(top);
      if (n >= 1) {
        return new JobSettings.Preview(n, optional(v, PREVIEW_REPORT_PATH));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UserInputException(
        "Invalid "
            + PREVIEW_TOP
            + " '"
            + top
            + "' (--top): use a whole number of customers >= 1, e.g. 20.");
  }

  // Restatements of final periods (docs/restatements.md).

  /**
   * The settings without {@code restatements.reason}: a reason explains one run and must not change
   * {@code config_hash}, or every restatement with a reason would look like a config change to the
   * next one.
   */
  private static Map<String, String> withoutReason(Map<String, String> v) {
    Map<String, String> scoring = new TreeMap<>(v);
    scoring.remove(RESTATEMENTS_REASON);
    return scoring;
  }

  // Categories and combined scores.

  /**
   * {@code categories.weights}: {@code name:percent} pairs, percents >= 0 with at most 4 decimal
   * places, summing to exactly 100, so that the combined score stays in the normalized range.
   */
  private static Categories categories(Map<String, String> v, Normalization normalization) {
    String spec = v.get(CATEGORIES_WEIGHTS);
    boolean onCombined = v.get(TIERS_SCORE).equals("combined");
    if (spec.isEmpty()) {
      if (onCombined) {
        throw new UserInputException(
            TIERS_SCORE
                + " = combined needs "
                + CATEGORIES_WEIGHTS
                + ": set it (e.g. product:50, support:50), or set "
                + TIERS_SCORE
                + " = raw or normalized.");
      }
      return Categories.OFF;
    }
    Map<String, BigDecimal> weights = new java.util.LinkedHashMap<>();
    for (String item : spec.split(",", -1)) {
      String[] parts = item.split(":", -1);
      String name = parts[0].strip();
      if (parts.length != 2 || name.isEmpty()) {
        throw invalidCategories(spec, "'" + item.strip() + "' is not `category:percent`");
      }
      BigDecimal weight;
      try {
        weight = new BigDecimal(parts[1].strip());
      } catch (NumberFormatException e) {
        throw invalidCategories(
            spec, "the weight '" + parts[1].strip() + "' of '" + name + "' is not a number");
      }
      if (weight.signum() < 0 || weight.stripTrailingZeros().scale() > 4) {
        throw invalidCategories(
            spec,
            "the weight "
                + weight.toPlainString()
                + " of '"
                + name
                + "' must be >= 0 with at most 4 decimal places");
      }
      if (weights.put(name, weight) != null) {
        throw invalidCategories(spec, "category '" + name + "' appears twice");
      }
    }
    BigDecimal total = weights.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    if (total.compareTo(BigDecimal.valueOf(100)) != 0) {
      throw invalidCategories(
          spec, "the weights sum to " + total.toPlainString() + ", not 100 (they are percents)");
    }
    if (!normalization.enabled()) {
      throw new UserInputException(
          CATEGORIES_WEIGHTS
              + " = '"
              + spec
              + "' needs "
              + NORMALIZE
              + " = "
              + methods()
              + ": the sub-scores are normalized before they are combined. Enable"
              + " normalization, or leave "
              + CATEGORIES_WEIGHTS
              + " empty.");
    }
    return new Categories(weights, onCombined);
  }

  private static UserInputException invalidCategories(String spec, String problem) {
    return new UserInputException(
        "Invalid "
            + CATEGORIES_WEIGHTS
            + " '"
            + spec
            + "': "
            + problem
            + ". Example: "
            + CATEGORIES_WEIGHTS
            + " = product:50, support:20, billing:20, other:10");
  }

  // Tier transitions and alerts (docs/transitions.md).

  /** The transitions table, when {@code transitions.path} is set; its alerts need it. */
  private static Optional<JobSettings.Transitions> transitions(Map<String, String> v) {
    Alerts alerts = Alerts.parse(v.get(TRANSITIONS_ALERTS), TierRules.parse(v.get(TIERS)));
    Optional<String> path = optional(v, TRANSITIONS_PATH);
    if (path.isEmpty() && !alerts.isEmpty()) {
      throw new UserInputException(
          TRANSITIONS_ALERTS
              + " = '"
              + v.get(TRANSITIONS_ALERTS)
              + "' needs "
              + TRANSITIONS_PATH
              + ": the alerts are computed in the transitions table. Set "
              + TRANSITIONS_PATH
              + ", or leave "
              + TRANSITIONS_ALERTS
              + " empty.");
    }
    return path.map(p -> new JobSettings.Transitions(p, alerts));
  }

  // Recency decay.

  /** Longer half-lives are refused as likely typos, like {@code max_range_days}. */
  static final int MAX_HALF_LIFE_DAYS = 36500;

  /** The recency decay's half-life: empty (the default) for no decay. See docs/decay.md. */
  private static OptionalInt halfLifeDays(Map<String, String> v) {
    String value = v.get(DECAY_HALF_LIFE_DAYS);
    if (value.isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      int days = Integer.parseInt(value);
      if (days >= 1 && days <= MAX_HALF_LIFE_DAYS) {
        if (!v.get(BREAKDOWN_PATH).isEmpty() || !v.get(CAPS).isEmpty()) {
          // TypeSums keeps one weight per customer, period and type; decay gives one per day.
          throw new UserInputException(
              DECAY_HALF_LIFE_DAYS
                  + " cannot be combined with "
                  + BREAKDOWN_PATH
                  + " or "
                  + CAPS
                  + " yet: they count each event type with one weight per period, decay weighs"
                  + " each day. Leave "
                  + DECAY_HALF_LIFE_DAYS
                  + " empty to use them, or "
                  + BREAKDOWN_PATH
                  + " and "
                  + CAPS
                  + " empty to use decay.");
        }
        return OptionalInt.of(days);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UserInputException(
        "Invalid "
            + DECAY_HALF_LIFE_DAYS
            + " '"
            + value
            + "': use a whole number of days from 1 to "
            + MAX_HALF_LIFE_DAYS
            + " (an event that many days before its period's last day counts half), or leave it"
            + " empty for no decay.");
  }

  // Account rollup.

  /**
   * The account table, present exactly when {@code events.account_column} is set: the column and
   * the path go together, and the account cannot come from the daily aggregate, which stores counts
   * per customer and day without it.
   */
  private static Optional<JobSettings.Accounts> accounts(
      Map<String, String> v, JobSettings.Events events) {
    String rollupValue = v.get(ACCOUNTS_ROLLUP);
    JobSettings.Accounts.Rollup rollup =
        switch (rollupValue) {
          case "sum" -> JobSettings.Accounts.Rollup.SUM;
          case "mean" -> JobSettings.Accounts.Rollup.MEAN;
          default ->
              throw new UserInputException(
                  "Invalid " + ACCOUNTS_ROLLUP + " '" + rollupValue + "': use sum or mean.");
        };
    Optional<String> path = optional(v, ACCOUNTS_PATH);
    if (events.accountColumn().isEmpty()) {
      if (path.isPresent()) {
        throw new UserInputException(
            ACCOUNTS_PATH
                + " = '"
                + path.get()
                + "' needs "
                + EVENTS_ACCOUNT_COLUMN
                + ": set it to the events' account id column, or leave "
                + ACCOUNTS_PATH
                + " empty to write no account scores.");
      }
      return Optional.empty();
    }
    String column = events.accountColumn().get();
    if (path.isEmpty()) {
      throw new UserInputException(
          EVENTS_ACCOUNT_COLUMN
              + " = '"
              + column
              + "' needs "
              + ACCOUNTS_PATH
              + ": set it to the Delta path of the account table, or leave "
              + EVENTS_ACCOUNT_COLUMN
              + " empty to write no account scores.");
    }
    Map<String, String> taken =
        Map.of(
            EVENTS_CUSTOMER_COLUMN, events.customerColumn(),
            EVENTS_TYPE_COLUMN, events.typeColumn(),
            EVENTS_TIME_COLUMN, events.timeColumn(),
            EVENTS_ID_COLUMN, events.idColumn().orElse(""));
    taken.forEach(
        (key, name) -> {
          if (name.equals(column)) {
            throw new UserInputException(
                "Invalid "
                    + EVENTS_ACCOUNT_COLUMN
                    + " '"
                    + column
                    + "': it is already "
                    + key
                    + ". Set it to the events' account id column.");
          }
        });
    if (!v.get(AGGREGATE_PATH).isEmpty()) {
      throw new UserInputException(
          EVENTS_ACCOUNT_COLUMN
              + " cannot be combined with "
              + AGGREGATE_PATH
              + ": the daily aggregate stores counts per customer and day without the account,"
              + " and a customer's account is that of its latest event in the period. Leave "
              + AGGREGATE_PATH
              + " empty to score accounts, or "
              + EVENTS_ACCOUNT_COLUMN
              + " and "
              + ACCOUNTS_PATH
              + " empty to use the daily aggregate.");
    }
    return Optional.of(new JobSettings.Accounts(path.get(), rollup));
  }

  private static String tableName(String value) {
    if (!value.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*){0,2}")) {
      throw new UserInputException(
          "Invalid "
              + CATALOG_TABLE
              + " '"
              + value
              + "': use table, db.table or catalog.db.table (letters, digits, underscores).");
    }
    return value;
  }

  private static Optional<String> optional(Map<String, String> v, String key) {
    return Optional.of(v.get(key)).filter(s -> !s.isEmpty());
  }

  private static Instant instant(String key, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new UserInputException(
          "Invalid " + key + " '" + value + "': use an ISO instant, e.g. 2000-01-01T00:00:00Z.");
    }
  }

  /** The constant of {@code type} named {@code value}, in any case, e.g. {@code epoch_millis}. */
  private static <E extends Enum<E>> E oneOf(String key, String value, Class<E> type) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value)) {
        return e;
      }
    }
    List<String> names =
        java.util.Arrays.stream(type.getEnumConstants())
            .map(e -> e.name().toLowerCase(java.util.Locale.ROOT))
            .toList();
    throw new UserInputException("Invalid " + key + " '" + value + "': use " + either(names) + ".");
  }

  private static boolean trueOrFalse(String key, String value) {
    return switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new UserInputException("Invalid " + key + " '" + value + "': use true or false.");
    };
  }

  private static JobSettings.OnEmpty onEmpty(String value) {
    try {
      return JobSettings.OnEmpty.valueOf(value.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UserInputException(
          "Invalid " + ON_EMPTY + " '" + value + "': use fail, write_empty or skip.");
    }
  }

  private static BigDecimal ratio(String key, String value) {
    try {
      BigDecimal r = new BigDecimal(value);
      if (r.signum() >= 0 && r.compareTo(BigDecimal.ONE) <= 0) {
        return r;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UserInputException(
        "Invalid " + key + " '" + value + "': use a number from 0 to 1, e.g. 0.01 for 1%.");
  }

  private static String required(Map<String, String> v, String key, String flag) {
    String value = v.get(key);
    if (value.isEmpty()) {
      throw new UserInputException(
          "Missing setting "
              + key
              + ": set it in a --config file"
              + (flag == null ? "" : " or pass " + flag));
    }
    return value;
  }

  /**
   * @param name the setting or flag the date came from, for the error message
   */
  public static LocalDate parseDate(String name, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new UserInputException(
          "Invalid date '" + value + "' for " + name + ": use YYYY-MM-DD, e.g. 2026-10-31.");
    }
  }

  private static int wholeNumber(String key, String value, int min) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UserInputException(
        "Invalid " + key + " '" + value + "': use a whole number of days >= " + min + ".");
  }

  private static ZoneId zone(String key, String value) {
    try {
      return ZoneId.of(value);
    } catch (DateTimeException e) {
      throw new UserInputException(
          "Unknown time zone '"
              + value
              + "' for "
              + key
              + ": use an IANA name such as UTC, Europe/Berlin or Asia/Tokyo");
    }
  }

  private static Normalization normalization(Map<String, String> v) {
    String mode = v.get(NORMALIZE);
    Normalization.Method method;
    try {
      method = Normalization.Method.valueOf(mode.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UserInputException(
          "Invalid " + NORMALIZE + " '" + mode + "': use none, " + methods());
    }
    BigDecimal min = rangeBound(NORMALIZE_RANGE_MIN, v.get(NORMALIZE_RANGE_MIN));
    BigDecimal max = rangeBound(NORMALIZE_RANGE_MAX, v.get(NORMALIZE_RANGE_MAX));
    if (max.compareTo(min) <= 0) {
      throw new UserInputException(
          "Invalid normalization range "
              + min
              + ".."
              + max
              + ": "
              + NORMALIZE_RANGE_MAX
              + " must be greater than "
              + NORMALIZE_RANGE_MIN);
    }
    if (method == Normalization.Method.ZSCORE) {
      zScoreRange(min, max);
    }
    return new Normalization(
        method,
        min,
        max,
        clipPercentiles(v.get(NORMALIZE_CLIP_PERCENTILES), method),
        optional(v, NORMALIZE_SEGMENT_COLUMN).map(SettingsLoader::segmentColumn));
  }

  private static BigDecimal rangeBound(String key, String value) {
    int scale = Columns.NORMALIZED_SCORE_TYPE.scale();
    int integerDigits = Columns.NORMALIZED_SCORE_TYPE.precision() - scale;
    try {
      BigDecimal d = new BigDecimal(value);
      if (d.scale() <= scale && d.precision() - d.scale() <= integerDigits) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UserInputException(
        "Invalid "
            + key
            + " '"
            + value
            + "': use a number with at most "
            + scale
            + " decimal places and "
            + integerDigits
            + " integer digits, e.g. 100");
  }

  private static Trend trend(String score, String band, Normalization normalization) {
    Trend.Score which;
    try {
      which = Trend.Score.valueOf(score.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UserInputException(
          "Invalid " + TREND + " '" + score + "': use none, raw or normalized.");
    }
    if (which == Trend.Score.NORMALIZED && !normalization.enabled()) {
      throw new UserInputException(
          TREND
              + " = normalized needs a normalization: set "
              + NORMALIZE
              + ", or set "
              + TREND
              + " = raw.");
    }
    try {
      BigDecimal b = new BigDecimal(band);
      if (b.signum() >= 0) {
        return new Trend(which, b);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UserInputException(
        "Invalid "
            + TREND_STABLE_BAND
            + " '"
            + band
            + "': use a number >= 0, e.g. 5 for changes of up to 5 points either way.");
  }

  private static boolean tiersOnNormalized(String value, Normalization normalization) {
    switch (value) {
      case "raw":
        return false;
      case "normalized":
        if (!normalization.enabled()) {
          throw new UserInputException(
              TIERS_SCORE
                  + " = normalized needs "
                  + NORMALIZE
                  + " = "
                  + methods()
                  + ": enable normalization or set "
                  + TIERS_SCORE
                  + " = raw");
        }
        return true;
      case "combined":
        // The combined score is on the normalized scale: where it does not exist (the account
        // table), the tiers apply to the normalized score. Needs categories.weights, which needs
        // a normalization: checked with them.
        return normalization.enabled();
      default:
        throw new UserInputException(
            "Invalid " + TIERS_SCORE + " '" + value + "': use raw, normalized or combined");
    }
  }

  // --- Robust normalization (docs/normalization.md) ---

  private static Optional<Normalization.ClipPercentiles> clipPercentiles(
      String value, Normalization.Method method) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (method == Normalization.Method.PERCENTILE || method == Normalization.Method.ZSCORE) {
      throw new UserInputException(
          NORMALIZE_CLIP_PERCENTILES
              + " = "
              + value
              + " cannot be used with "
              + NORMALIZE
              + " = "
              + (method == Normalization.Method.PERCENTILE
                  ? "percentile (a rank does not depend on how far outliers lie)"
                  : "zscore (z-scores have no range to clip into)")
              + ": empty "
              + NORMALIZE_CLIP_PERCENTILES
              + " or use "
              + NORMALIZE
              + " = minmax or log_minmax");
    }
    String[] parts = value.split(",", -1);
    BigDecimal lower = parts.length == 2 ? percentile(parts[0].trim()) : null;
    BigDecimal upper = parts.length == 2 ? percentile(parts[1].trim()) : null;
    if (lower == null || upper == null || lower.compareTo(upper) >= 0) {
      throw new UserInputException(
          "Invalid "
              + NORMALIZE_CLIP_PERCENTILES
              + " '"
              + value
              + "': use two percentiles from 0 to 100, the lower first, e.g. 1,99 (empty: no"
              + " clipping)");
    }
    return Optional.of(new Normalization.ClipPercentiles(lower, upper));
  }

  /** A percentile from 0 to 100 with at most 6 decimal places, or null. */
  private static BigDecimal percentile(String value) {
    try {
      BigDecimal p = new BigDecimal(value).stripTrailingZeros();
      if (p.signum() >= 0 && p.compareTo(BigDecimal.valueOf(100)) <= 0 && p.scale() <= 6) {
        return p.setScale(Math.max(p.scale(), 0));
      }
    } catch (NumberFormatException e) {
      // reported by the caller, with the whole value
    }
    return null;
  }

  private static String segmentColumn(String value) {
    if (!value.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new UserInputException(
          "Invalid "
              + NORMALIZE_SEGMENT_COLUMN
              + " '"
              + value
              + "': use a column name (letters, digits, underscores, not starting with a digit),"
              + " e.g. plan, or empty for no segments");
    }
    return value;
  }

  // --- More normalizations: z-scores and log min-max (docs/normalization.md) ---

  /** The normalization methods for messages: {@code minmax, percentile, ... or log_minmax}. */
  private static String methods() {
    List<String> names =
        java.util.Arrays.stream(Normalization.Method.values())
            .filter(m -> m != Normalization.Method.NONE)
            .map(m -> m.name().toLowerCase(java.util.Locale.ROOT))
            .toList();
    return either(names);
  }

  /** {@code a, b or c}, for messages. */
  private static String either(List<String> names) {
    return String.join(", ", names.subList(0, names.size() - 1))
        + " or "
        + names.get(names.size() - 1);
  }

  /**
   * z-scores are not rescaled, so a range other than the default would be silently ignored:
   * refused, so that nobody reads z-scores as 0..1000 scores.
   */
  private static void zScoreRange(BigDecimal min, BigDecimal max) {
    Map<String, String> d = defaults();
    BigDecimal defaultMin = rangeBound(NORMALIZE_RANGE_MIN, d.get(NORMALIZE_RANGE_MIN));
    BigDecimal defaultMax = rangeBound(NORMALIZE_RANGE_MAX, d.get(NORMALIZE_RANGE_MAX));
    if (min.compareTo(defaultMin) != 0 || max.compareTo(defaultMax) != 0) {
      throw new UserInputException(
          NORMALIZE_RANGE_MIN
              + ".."
              + NORMALIZE_RANGE_MAX
              + " = "
              + min
              + ".."
              + max
              + " does not apply to "
              + NORMALIZE
              + " = zscore: z-scores are standard deviations from the mean (e.g. -1.5), not"
              + " rescaled to a range. Leave "
              + NORMALIZE_RANGE_MIN
              + " = "
              + defaultMin
              + " and "
              + NORMALIZE_RANGE_MAX
              + " = "
              + defaultMax
              + " (the defaults), or use "
              + NORMALIZE
              + " = minmax, percentile or log_minmax for scores in a range");
    }
  }
}
