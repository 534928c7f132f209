package dev.engagement.score.cli;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.table.PathConflicts;
import dev.engagement.score.model.Period;
import dev.engagement.score.model.UserInputException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scoring job's parsed command line (the {@code score} command; {@code preview-weights} and
 * {@code backtest} take the same flags): config overlays, setting overrides and which dates to
 * score. {@link ScoreOptions} holds the flags; picocli parses them ({@link Cli}).
 *
 * <p>{@code --date D} scores the period containing D; {@code --from D1 --to D2} scores every period
 * overlapping D1..D2; with neither, the configured {@code date} or else the period containing
 * yesterday (in the business time zone). {@code --summary PATH} also writes the run summary to a
 * file, for schedulers that cannot read the driver's stdout (spark-submit in cluster mode).
 *
 * @param configFiles the {@code --config} overlays in order: any Hadoop path, as given ({@code
 *     Path.of} would mangle {@code s3a://} URIs)
 * @param overrides settings given by flags ({@code --set KEY=VALUE}, {@code --events PATH}, ...),
 *     keys relative to {@code engagement}, in the order given: of two flags for one key, the last
 *     one, in the last one's place
 * @param printConfig {@code --print-config}: print the effective settings (secrets redacted) and
 *     exit 0 without starting Spark
 */
public record CommandLine(
    List<String> configFiles,
    Map<String, String> overrides,
    Dates dates,
    Optional<String> summaryPath,
    boolean printConfig) {

  /** The name of the command these flags belong to. */
  public static final String COMMAND = "score";

  /** The date flags, checked: {@code --date} alone, or {@code --from} and {@code --to} in order. */
  public record Dates(Optional<LocalDate> date, Optional<LocalDate> from, Optional<LocalDate> to) {}

  /**
   * Parses the scoring job's flags (the arguments of {@code score}, or of the job without a command
   * name); throws {@link UserInputException} with the fix when they are bad.
   */
  public static CommandLine parse(String[] args) {
    return Cli.parseCommand(COMMAND, args, Invocation.Score.class).cli();
  }

  public Optional<LocalDate> date() {
    return dates.date();
  }

  public Optional<LocalDate> from() {
    return dates.from();
  }

  public Optional<LocalDate> to() {
    return dates.to();
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
        to().or(this::date)
            .or(settings::date)
            .orElseGet(() -> LocalDate.now(clock.withZone(settings.timezone())).minusDays(1));
    LocalDate first = from().orElse(last).minusDays(settings.lookbackDays());
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
