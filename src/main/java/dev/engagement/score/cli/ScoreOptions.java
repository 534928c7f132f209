package dev.engagement.score.cli;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.SettingsLoader;
import dev.engagement.score.model.UserInputException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Every flag of the scoring job, in one place: the {@code score} command's options, which {@code
 * preview-weights} and {@code backtest} take too (a picocli mixin). Each flag is a setter that
 * records its value as it is parsed, so that of two flags for one key the last wins whatever their
 * names ({@code --events A --set events.path=B} reads B). A new flag is one more method here, and,
 * when it is not a setting, one more component of {@link CommandLine}.
 */
final class ScoreOptions {
  private final List<String> configFiles = new ArrayList<>();
  private final Map<String, String> overrides = new LinkedHashMap<>();
  private LocalDate date;
  private LocalDate from;
  private LocalDate to;
  private String summaryPath;
  private boolean printConfig;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      order = 10,
      description =
          "settings overlay: HOCON, settings inside engagement { }, any Hadoop path (local,"
              + " s3a://, abfss://, hdfs://); repeatable, later files win")
  void config(String file) {
    // As given: Path.of would turn s3a://bucket/x into s3a:/bucket/x.
    configFiles.add(file);
  }

  @Option(
      names = "--date",
      paramLabel = "YYYY-MM-DD",
      order = 11,
      description = "the period containing this day (default: setting `date`, else yesterday)")
  void date(String value) {
    date = SettingsLoader.parseDate("--date", value);
  }

  @Option(
      names = "--from",
      paramLabel = "YYYY-MM-DD",
      order = 12,
      description = "with --to: every period overlapping --from..--to (a backfill)")
  void from(String value) {
    from = SettingsLoader.parseDate("--from", value);
  }

  @Option(
      names = "--to",
      paramLabel = "YYYY-MM-DD",
      order = 13,
      description = "the last day of a --from..--to range")
  void to(String value) {
    to = SettingsLoader.parseDate("--to", value);
  }

  @Option(
      names = "--events",
      paramLabel = "PATH",
      order = 20,
      description = "events.path: the events, Parquet or Delta")
  void events(String value) {
    override(ConfigKeys.EVENTS_PATH, value);
  }

  @Option(
      names = "--weights",
      paramLabel = "PATH",
      order = 21,
      description = "weights.path: the weight table, CSV, Parquet or Delta")
  void weights(String value) {
    override(ConfigKeys.WEIGHTS_PATH, value);
  }

  @Option(
      names = "--output",
      paramLabel = "PATH",
      order = 22,
      description = "output.path: the scored Delta table")
  void output(String value) {
    override(ConfigKeys.OUTPUT_PATH, value);
  }

  @Option(
      names = "--period",
      paramLabel = "KIND",
      order = 23,
      description = "period: day, week, month, quarter or rolling")
  void period(String value) {
    override(ConfigKeys.PERIOD, value);
  }

  @Option(
      names = "--window-days",
      paramLabel = "N",
      order = 24,
      description = "window_days: the rolling window's length")
  void windowDays(String value) {
    override(ConfigKeys.WINDOW_DAYS, value);
  }

  @Option(
      names = "--timezone",
      paramLabel = "ZONE",
      order = 25,
      description = "timezone: the business time zone, e.g. Europe/Berlin")
  void timezone(String value) {
    override(ConfigKeys.TIMEZONE, value);
  }

  @Option(
      names = "--lookback-days",
      paramLabel = "N",
      order = 26,
      description = "lookback_days: also rescore the periods of the N days before")
  void lookbackDays(String value) {
    override(ConfigKeys.LOOKBACK_DAYS, value);
  }

  @Option(
      names = "--normalize",
      paramLabel = "METHOD",
      order = 27,
      description = "normalize.method: none, minmax, percentile, zscore or log_minmax")
  void normalize(String value) {
    override(ConfigKeys.NORMALIZE_METHOD, value);
  }

  @Option(
      names = "--rejects",
      paramLabel = "PATH",
      order = 28,
      description = "rejects.path: a Delta table for the rejected events")
  void rejects(String value) {
    override(ConfigKeys.REJECTS_PATH, value);
  }

  @Option(
      names = "--aggregate",
      paramLabel = "PATH",
      order = 29,
      description = "aggregate.path: keep daily counts there for cheap daily runs")
  void aggregate(String value) {
    override(ConfigKeys.AGGREGATE_PATH, value);
  }

  @Option(
      names = "--summary",
      paramLabel = "PATH",
      order = 30,
      description = "also write the JSON run summary to PATH (any Hadoop path), replacing it")
  void summary(String value) {
    summaryPath = value;
  }

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      order = 31,
      description = "restatements.reason: why this run restates final periods")
  void reason(String value) {
    override(ConfigKeys.RESTATEMENTS_REASON, value);
  }

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      order = 32,
      description =
          "override any setting (KEY relative to engagement, VALUE a HOCON value), e.g. --set"
              + " max_reject_ratio=0.05 --set caps.login=100; repeatable")
  void set(String keyValue) {
    int split = keyValue.indexOf('=');
    if (split <= 0) {
      throw new UserInputException(
          "--set needs KEY=VALUE, e.g. --set max_reject_ratio=0.05; got '" + keyValue + "'.");
    }
    override(keyValue.substring(0, split).strip(), keyValue.substring(split + 1).strip());
  }

  @Option(
      names = "--print-config",
      order = 33,
      description = "print the effective settings as HOCON (secrets redacted) and exit")
  void printConfig(boolean value) {
    printConfig = value;
  }

  /**
   * Sets {@code key} as a flag does: a later flag for the same key replaces the value, and moves it
   * to the end, as the overrides apply in order ({@code --set caps.login=5 --set caps={x=2} --set
   * caps.login=7} ends with both caps).
   */
  void override(String key, String value) {
    overrides.remove(key);
    overrides.put(key, value);
  }

  /** The parsed flags, once the date rules hold: throws {@link UserInputException} otherwise. */
  CommandLine commandLine() {
    if (date != null && (from != null || to != null)) {
      throw new UserInputException("Use either --date or --from/--to, not both.");
    }
    if ((from == null) != (to == null)) {
      throw new UserInputException(
          "--from and --to go together: give both, e.g. --from 2026-01-01 --to 2026-03-31.");
    }
    if (from != null && from.isAfter(to)) {
      throw new UserInputException("--from " + from + " is after --to " + to + ": swap them.");
    }
    return new CommandLine(
        List.copyOf(configFiles),
        Collections.unmodifiableMap(new LinkedHashMap<>(overrides)),
        new CommandLine.Dates(
            Optional.ofNullable(date), Optional.ofNullable(from), Optional.ofNullable(to)),
        Optional.ofNullable(summaryPath),
        printConfig);
  }
}
