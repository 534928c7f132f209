package dev.engagement.score.core.normalization;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.SettingsBlock;
import dev.engagement.score.model.Columns;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The {@code normalize} block: method, range, clipping percentiles, segments. */
public final class NormalizationSettings {
  static final String METHOD = "method";
  static final String RANGE_MIN = "range_min";
  static final String RANGE_MAX = "range_max";
  static final String CLIP_PERCENTILES = "clip_percentiles";
  static final String SEGMENT_COLUMN = "segment_column";

  private NormalizationSettings() {}

  /**
   * @param normalize the block
   * @param defaults the same block of reference.conf: z-scores keep its range
   * @param customers whether a customer dimension is set, which segments come from
   */
  public static Normalization from(
      SettingsBlock normalize, SettingsBlock defaults, boolean customers) {
    Normalization.Method method =
        normalize.parsed(
            METHOD,
            s -> Normalization.Method.valueOf(s.toUpperCase(Locale.ROOT)),
            "use none, " + methods());
    BigDecimal min = rangeBound(normalize, RANGE_MIN);
    BigDecimal max = rangeBound(normalize, RANGE_MAX);
    if (max.compareTo(min) <= 0) {
      throw normalize.conflict(
          RANGE_MAX,
          "Invalid normalization range "
              + min
              + ".."
              + max
              + ": "
              + ConfigKeys.NORMALIZE_RANGE_MAX
              + " must be greater than "
              + ConfigKeys.NORMALIZE_RANGE_MIN);
    }
    if (method == Normalization.Method.ZSCORE) {
      zScoreRange(normalize, min, max, defaults);
    }
    Optional<String> segment = normalize.optional(SEGMENT_COLUMN).map(s -> segment(normalize));
    if (segment.isPresent() && !customers) {
      throw normalize.conflict(
          SEGMENT_COLUMN,
          ConfigKeys.NORMALIZE_SEGMENT_COLUMN
              + " = "
              + segment.get()
              + " names a column of the customer dimension: set "
              + ConfigKeys.CUSTOMERS_PATH
              + ", or empty "
              + ConfigKeys.NORMALIZE_SEGMENT_COLUMN
              + ".");
    }
    return new Normalization(method, min, max, clip(normalize, method), segment);
  }

  /** The normalization methods for messages: {@code minmax, percentile, ... or log_minmax}. */
  public static String methods() {
    List<String> names =
        Arrays.stream(Normalization.Method.values())
            .filter(m -> m != Normalization.Method.NONE)
            .map(m -> m.name().toLowerCase(Locale.ROOT))
            .toList();
    return SettingsBlock.either(names);
  }

  private static BigDecimal rangeBound(SettingsBlock normalize, String name) {
    int scale = Columns.NORMALIZED_SCORE_TYPE.scale();
    int integerDigits = Columns.NORMALIZED_SCORE_TYPE.precision() - scale;
    return normalize.decimal(
        name,
        d -> d.scale() <= scale && d.precision() - d.scale() <= integerDigits,
        "use a number with at most "
            + scale
            + " decimal places and "
            + integerDigits
            + " integer digits, e.g. 100");
  }

  private static Optional<Normalization.ClipPercentiles> clip(
      SettingsBlock normalize, Normalization.Method method) {
    String fix =
        "use two percentiles from 0 to 100, the lower first, e.g. [1, 99] ([]: no clipping)";
    List<String> values = normalize.texts(CLIP_PERCENTILES, "[1, 99]");
    if (values.isEmpty()) {
      return Optional.empty();
    }
    if (method == Normalization.Method.PERCENTILE || method == Normalization.Method.ZSCORE) {
      throw normalize.conflict(
          CLIP_PERCENTILES,
          ConfigKeys.NORMALIZE_CLIP_PERCENTILES
              + " = "
              + values
              + " cannot be used with "
              + ConfigKeys.NORMALIZE_METHOD
              + " = "
              + (method == Normalization.Method.PERCENTILE
                  ? "percentile (a rank does not depend on how far outliers lie)"
                  : "zscore (z-scores have no range to clip into)")
              + ": set "
              + ConfigKeys.NORMALIZE_CLIP_PERCENTILES
              + " = [] or use "
              + ConfigKeys.NORMALIZE_METHOD
              + " = minmax or log_minmax");
    }
    BigDecimal lower = values.size() == 2 ? percentile(values.get(0)) : null;
    BigDecimal upper = values.size() == 2 ? percentile(values.get(1)) : null;
    if (lower == null || upper == null || lower.compareTo(upper) >= 0) {
      throw normalize.invalid(CLIP_PERCENTILES, fix);
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

  private static String segment(SettingsBlock normalize) {
    return normalize.parsed(
        SEGMENT_COLUMN,
        s -> s.matches("[A-Za-z_][A-Za-z0-9_]*") ? s : null,
        "use a column name (letters, digits, underscores, not starting with a digit), e.g. plan,"
            + " or \"\" for no segments");
  }

  /**
   * z-scores are not rescaled, so a range other than the default would be silently ignored:
   * refused, so that nobody reads z-scores as 0..1000 scores.
   */
  private static void zScoreRange(
      SettingsBlock normalize, BigDecimal min, BigDecimal max, SettingsBlock defaults) {
    BigDecimal defaultMin = rangeBound(defaults, RANGE_MIN);
    BigDecimal defaultMax = rangeBound(defaults, RANGE_MAX);
    if (min.compareTo(defaultMin) != 0 || max.compareTo(defaultMax) != 0) {
      throw normalize.conflict(
          min.compareTo(defaultMin) != 0 ? RANGE_MIN : RANGE_MAX,
          ConfigKeys.NORMALIZE_RANGE_MIN
              + ".."
              + ConfigKeys.NORMALIZE_RANGE_MAX
              + " = "
              + min
              + ".."
              + max
              + " does not apply to "
              + ConfigKeys.NORMALIZE_METHOD
              + " = zscore: z-scores are standard deviations from the mean (e.g. -1.5), not"
              + " rescaled to a range. Leave "
              + ConfigKeys.NORMALIZE_RANGE_MIN
              + " = "
              + defaultMin
              + " and "
              + ConfigKeys.NORMALIZE_RANGE_MAX
              + " = "
              + defaultMax
              + " (the defaults), or use "
              + ConfigKeys.NORMALIZE_METHOD
              + " = minmax, percentile or log_minmax for scores in a range");
    }
  }
}
