package dev.engagement.score.run;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.IdScope;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.TimeEncoding;
import dev.engagement.score.core.events.EventSource;
import dev.engagement.score.core.events.RejectReason;
import dev.engagement.score.core.scoring.InputStats;
import dev.engagement.score.model.DateSpan;
import dev.engagement.score.model.Period;
import dev.engagement.score.model.UserInputException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a run checks once its events are counted, before it publishes anything: that there is
 * something to score ({@code on_empty}; already before the run starts when the source holds nothing
 * for its days), that few events were rejected ({@code max_reject_ratio}), and that no period loses
 * most of its scored events ({@code max_row_drop}). A failure says which setting or input is behind
 * it.
 */
public final class RunGuards {
  private RunGuards() {}

  /**
   * Whether the run has nothing to score (no events, or every one rejected) and {@code on_empty =
   * skip} says to stop; fails with {@code on_empty = fail}. With {@code write_empty}, or events to
   * score, the run goes on.
   */
  public static boolean skipWhenNothingToScore(
      InputStats stats, JobSettings settings, DateSpan span) {
    if (stats.scoredEvents() > 0 || settings.onEmpty() == JobSettings.OnEmpty.WRITE_EMPTY) {
      return false;
    }
    if (settings.onEmpty() == JobSettings.OnEmpty.SKIP) {
      return true;
    }
    String where = where(settings, span);
    String fix = " Or set on_empty = write_empty or skip.";
    if (stats.eventsIn() == 0) {
      throw noEvents(where);
    }
    String reason = largest(stats.rejectedByReason()).orElseThrow();
    throw new UserInputException(
        "None of the "
            + stats.eventsIn()
            + " events in "
            + where
            + " can be scored: all were rejected "
            + nonZero(stats.rejectedByReason())
            + "; nothing was written. "
            + advice(reason, stats, settings)
            + fix);
  }

  /**
   * Fails, before the run records its start, when the events source holds nothing for {@code span}
   * ({@link EventSource.Found#nothingOnDisk}) and {@code on_empty = fail}; with stored counts (the
   * daily aggregate) the run goes on and counts them.
   */
  static void requireEventsOnDisk(
      EventSource.Found read, boolean countsStored, JobSettings settings, DateSpan span) {
    if (!countsStored && settings.onEmpty() == JobSettings.OnEmpty.FAIL && read.nothingOnDisk()) {
      throw noEvents(where(settings, span));
    }
  }

  private static String where(JobSettings settings, DateSpan span) {
    return settings.events().path()
        + " for "
        + span.first()
        + ".."
        + span.last()
        + " ("
        + settings.timezone()
        + ")";
  }

  private static UserInputException noEvents(String where) {
    return new UserInputException(
        "No events in "
            + where
            + "; nothing was written. Check the dates and events.path, wait for upstream"
            + " data, or set on_empty = write_empty or skip.");
  }

  /** Fails when more than {@code max_reject_ratio} of the events are bad data. */
  public static void requireFewRejects(InputStats stats, JobSettings settings) {
    long bad = stats.badEvents();
    BigDecimal maxRatio = settings.maxRejectRatio();
    if (BigDecimal.valueOf(bad).compareTo(maxRatio.multiply(BigDecimal.valueOf(stats.eventsIn())))
        <= 0) {
      return;
    }
    Map<String, Long> badReasons =
        stats.rejectedByReason().entrySet().stream()
            .filter(e -> !RejectReason.EXPECTED.contains(e.getKey()))
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    String reason = largest(badReasons).orElseThrow();
    throw new UserInputException(
        bad
            + " of "
            + stats.eventsIn()
            + " events were rejected "
            + stats.rejectedByReason()
            + ", more than "
            + ConfigKeys.MAX_REJECT_RATIO
            + " = "
            + maxRatio.toPlainString()
            + " allows; nothing was published. Most are "
            + reason
            + " ("
            + stats.rejectedByReason().get(reason)
            + "). "
            + advice(reason, stats, settings)
            + " Inspect the rejects (--rejects PATH), fix the input, or raise "
            + ConfigKeys.MAX_REJECT_RATIO
            + ".");
  }

  /**
   * Fails when one of {@code periods} would publish fewer than {@code 1 - max_row_drop} of the
   * scored events of the rows it replaces ({@code previous}, per period start; a period the table
   * does not have yet is not compared): an upstream outage or a misread source must not replace a
   * full period with a near-empty one.
   */
  public static void requireNoLargeDrop(
      InputStats stats, Map<LocalDate, Long> previous, List<Period> periods, JobSettings settings) {
    BigDecimal keep = BigDecimal.ONE.subtract(settings.maxRowDrop());
    Map<LocalDate, Long> scored =
        stats.periods().stream()
            .collect(
                Collectors.toMap(p -> p.period().start(), InputStats.PeriodCounts::scoredEvents));
    for (Period p : periods) {
      long before = previous.getOrDefault(p.start(), 0L);
      long now = scored.getOrDefault(p.start(), 0L);
      if (before == 0
          || BigDecimal.valueOf(now).compareTo(keep.multiply(BigDecimal.valueOf(before))) >= 0) {
        continue;
      }
      BigDecimal drop =
          BigDecimal.valueOf(before - now)
              .multiply(BigDecimal.valueOf(100))
              .divide(BigDecimal.valueOf(before), 1, RoundingMode.HALF_UP);
      throw new UserInputException(
          "The period "
              + p.start()
              + ".."
              + p.end()
              + " would publish "
              + now
              + " scored events where the table has "
              + before
              + " (-"
              + drop.toPlainString()
              + "%), more than "
              + ConfigKeys.MAX_ROW_DROP
              + " = "
              + settings.maxRowDrop().toPlainString()
              + " allows; nothing was published. Check events.path and the upstream data (an"
              + " outage, a partial load, a misread source?); if the drop is real, rerun with"
              + " --set "
              + ConfigKeys.MAX_ROW_DROP
              + "=1.");
    }
  }

  private static Optional<String> largest(Map<String, Long> counts) {
    return RejectReason.ALL.stream()
        .filter(r -> counts.getOrDefault(r, 0L) > 0)
        .max(java.util.Comparator.comparing(counts::get));
  }

  private static Map<String, Long> nonZero(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .collect(
            Collectors.toMap(
                Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.LinkedHashMap::new));
  }

  /** What to change for events rejected with {@code reason}: the setting or input behind it. */
  static String advice(String reason, InputStats stats, JobSettings settings) {
    JobSettings.Events e = settings.events();
    return switch (reason) {
      case RejectReason.MISSING_EVENT_TIME ->
          "Their event time ("
              + ConfigKeys.EVENTS_TIME_COLUMN
              + " = "
              + e.timeColumn()
              + ") is null: fix the events upstream, or point "
              + ConfigKeys.EVENTS_TIME_COLUMN
              + " at the right column.";
      case RejectReason.EVENT_TIME_OUT_OF_RANGE -> outOfRangeAdvice(e);
      case RejectReason.MISSING_CUSTOMER_ID ->
          "Their customer id ("
              + ConfigKeys.EVENTS_CUSTOMER_COLUMN
              + " = "
              + e.customerColumn()
              + ") is null or blank: fix the events upstream, or point "
              + ConfigKeys.EVENTS_CUSTOMER_COLUMN
              + " at the right column.";
      case RejectReason.CUSTOMER_ID_WHITESPACE ->
          "Their customer ids start or end with whitespace, which "
              + ConfigKeys.EVENTS_CUSTOMER_ID_WHITESPACE
              + " = reject refuses: fix them upstream, or set it to trim (strip it) or warn"
              + " (score them as they are).";
      case RejectReason.UNKNOWN_EVENT_TYPE -> unknownTypeAdvice(stats, settings);
      case RejectReason.DUPLICATE_EVENT_ID ->
          "They repeat event ids ("
              + ConfigKeys.EVENTS_ID_COLUMN
              + " = "
              + e.idColumn().orElse("")
              + ") already counted on their day "
              + (e.idScope() == IdScope.GLOBAL
                  ? "for any customer (" + ConfigKeys.EVENTS_ID_SCOPE + " = global)"
                  : "for the same customer")
              + ": check that column, or leave "
              + ConfigKeys.EVENTS_ID_COLUMN
              + " empty.";
      default ->
          "Their customers are not active in these periods in the customer dimension ("
              + ConfigKeys.CUSTOMERS_PATH
              + "): check its active dates.";
    };
  }

  /** What to change for events whose times lie outside the accepted range. */
  private static String outOfRangeAdvice(JobSettings.Events e) {
    return "Their times lie before "
        + ConfigKeys.EVENTS_MIN_TIME
        + " = "
        + e.minTime()
        + " or more than "
        + ConfigKeys.EVENTS_MAX_DAYS_AHEAD
        + " = "
        + e.maxDaysAhead()
        + " days after the run: to score older data lower "
        + ConfigKeys.EVENTS_MIN_TIME
        + " (e.g. --set "
        + ConfigKeys.EVENTS_MIN_TIME
        + "=1990-01-01T00:00:00Z); for times in the future raise "
        + ConfigKeys.EVENTS_MAX_DAYS_AHEAD
        + "."
        + (e.timeEncoding() == TimeEncoding.EPOCH_SECONDS
                || e.timeEncoding() == TimeEncoding.EPOCH_MILLIS
            ? " If the times are epoch numbers of another unit, fix "
                + ConfigKeys.EVENTS_TIME_ENCODING
                + " = "
                + e.timeEncoding().setting()
                + "."
            : "");
  }

  /** What to change for events of types the weight table has no weight for. */
  private static String unknownTypeAdvice(InputStats stats, JobSettings settings) {
    return "The weight table ("
        + ConfigKeys.WEIGHTS_PATH
        + " = "
        + settings.weights().path()
        + ") has no weight for their types, most frequent "
        + stats.unknownEventTypes().entrySet().stream()
            .map(t -> "'" + t.getKey() + "' (" + t.getValue() + ")")
            .collect(Collectors.joining(", "))
        + ": add them to the weight table, or fix the types upstream (types match exactly,"
        + " case and spaces included).";
  }
}
