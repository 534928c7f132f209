package dev.engagement.score.cli;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SettingsLoader;
import dev.engagement.score.core.table.PathConflicts;
import dev.engagement.score.model.Period;
import dev.engagement.score.model.UserInputException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The job's command line: config overlays, setting overrides and which dates to score.
 *
 * <p>{@code --date D} scores the period containing D; {@code --from D1 --to D2} scores every period
 * overlapping D1..D2; with neither, the configured {@code date} or else the period containing
 * yesterday (in the business time zone). {@code --summary PATH} also writes the run summary to a
 * file, for schedulers that cannot read the driver's stdout (spark-submit in cluster mode).
 */
public record CommandLine(
    List<String> configFiles,
    Map<String, String> overrides,
    Optional<LocalDate> date,
    Optional<LocalDate> from,
    Optional<LocalDate> to,
    Optional<String> summaryPath) {

  /** Flags that override one config key each. */
  private static final Map<String, String> SETTING_FLAGS =
      Map.of(
          "--events", ConfigKeys.EVENTS_PATH,
          "--weights", ConfigKeys.WEIGHTS_PATH,
          "--output", ConfigKeys.OUTPUT_PATH,
          "--period", ConfigKeys.PERIOD,
          "--window-days", ConfigKeys.WINDOW_DAYS,
          "--timezone", ConfigKeys.TIMEZONE,
          "--normalize", ConfigKeys.NORMALIZE_METHOD,
          "--lookback-days", ConfigKeys.LOOKBACK_DAYS,
          "--rejects", ConfigKeys.REJECTS_PATH,
          "--aggregate", ConfigKeys.AGGREGATE_PATH);

  public static final String USAGE =
      """
      Usage: engagement-score [--config FILE]... [--date YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD]
                              [--events PATH] [--weights PATH] [--output PATH]
                              [--period day|week|month|quarter|rolling] [--window-days N]
                              [--timezone ZONE] [--lookback-days N]
                              [--normalize none|minmax|percentile|zscore|log_minmax]
                              [--rejects PATH] [--aggregate PATH] [--summary PATH]
                              [--reason TEXT] [--set KEY=VALUE]... [--print-config]
        --config FILE   settings overlay: HOCON, settings inside engagement { }, any Hadoop path
                        (local, s3a://, abfss://, hdfs://); repeatable, later files win
        --date D        score the period containing D (default: setting `date`, else yesterday)
        --from D1 --to D2  score every period overlapping D1..D2 (a backfill)
        --aggregate PATH  keep daily counts there; later runs read only the days not counted yet
        --summary PATH  also write the JSON run summary to PATH (any Hadoop path), replacing it
        --reason TEXT   why this run restates final periods, recorded in the restatement log
        --set KEY=VALUE override any setting (KEY relative to engagement, VALUE a HOCON value),
                        e.g. --set max_reject_ratio=0.05 --set caps.login=100; repeatable
        --print-config  print the effective settings as HOCON (secrets redacted) and exit
      Flags override config files; config files override the built-in defaults.""";

  /** Prints the effective settings and exits without Spark: handled by the score command. */
  public static final String PRINT_CONFIG = "--print-config";

  public static CommandLine parse(String[] args) {
    List<String> configs = new ArrayList<>();
    Map<String, String> overrides = new LinkedHashMap<>();
    LocalDate date = null;
    LocalDate from = null;
    LocalDate to = null;
    String summary = null;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      String value;
      int eq = flag.indexOf('=');
      if (flag.startsWith("--") && eq > 0) {
        value = flag.substring(eq + 1);
        flag = flag.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new UserInputException("Flag " + flag + " needs a value.\n" + USAGE);
      }
      switch (flag) {
        case "--config" -> configs.add(value);
        case "--date" -> date = SettingsLoader.parseDate(flag, value);
        case "--from" -> from = SettingsLoader.parseDate(flag, value);
        case "--to" -> to = SettingsLoader.parseDate(flag, value);
        case "--summary" -> summary = value;
        case "--reason" -> overrides.put(ConfigKeys.RESTATEMENTS_REASON, value);
        case "--set" -> {
          int split = value.indexOf('=');
          if (split <= 0) {
            throw new UserInputException(
                "--set needs KEY=VALUE, e.g. --set max_reject_ratio=0.05; got '" + value + "'.");
          }
          overrides.put(value.substring(0, split).strip(), value.substring(split + 1).strip());
        }
        default -> {
          String key = SETTING_FLAGS.get(flag);
          if (key == null) {
            throw new UserInputException("Unknown flag " + flag + ".\n" + USAGE);
          }
          overrides.put(key, value);
        }
      }
    }
    if (date != null && (from != null || to != null)) {
      throw new UserInputException("Use either --date or --from/--to, not both.");
    }
    if ((from == null) != (to == null)) {
      throw new UserInputException(
          "--from and --to go together: give both, e.g. " + "--from 2026-01-01 --to 2026-03-31.");
    }
    if (from != null && from.isAfter(to)) {
      throw new UserInputException("--from " + from + " is after --to " + to + ": swap them.");
    }
    return new CommandLine(
        List.copyOf(configs),
        Collections.unmodifiableMap(overrides),
        Optional.ofNullable(date),
        Optional.ofNullable(from),
        Optional.ofNullable(to),
        Optional.ofNullable(summary));
  }

  /** The paths the command line itself names: the config files read, the summary file written. */
  public PathConflicts.Uses paths() {
    return new PathConflicts.Uses(
        configFiles.stream().map(f -> new PathConflicts.Use("--config", f)).toList(),
        summaryPath.map(p -> List.of(new PathConflicts.Use("--summary", p))).orElse(List.of()));
  }

  /**
   * The periods this invocation scores, oldest first: from the flags, else the configured date,
   * else yesterday in the business time zone.
   */
  public List<Period> periods(JobSettings settings, Clock clock) {
    LocalDate last =
        to.or(() -> date)
            .or(settings::date)
            .orElseGet(() -> LocalDate.now(clock.withZone(settings.timezone())).minusDays(1));
    LocalDate first = from.orElse(last).minusDays(settings.lookbackDays());
    long days = ChronoUnit.DAYS.between(first, last) + 1;
    if (days > settings.maxRangeDays()) {
      throw new UserInputException(
          "The dates "
              + first
              + ".."
              + last
              + " span "
              + days
              + " days, more than "
              + ConfigKeys.MAX_RANGE_DAYS
              + " = "
              + settings.maxRangeDays()
              + ": split the backfill into smaller ranges or raise "
              + ConfigKeys.MAX_RANGE_DAYS
              + ".");
    }
    return settings.calendar().overlapping(first, last);
  }
}
