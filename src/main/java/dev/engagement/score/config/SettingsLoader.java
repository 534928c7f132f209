package dev.engagement.score.config;

import dev.engagement.score.model.PeriodCalendar;
import dev.engagement.score.model.PeriodKind;
import dev.engagement.score.model.UserInputException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds {@link JobSettings} from the HOCON settings ({@link SettingsSources}: the defaults in
 * {@code reference.conf}, each {@code --config} file in order, then the command line). Unknown keys
 * and invalid values of the settings every run needs fail here; the score's rules and each feature
 * read and check their own blocks right after ({@code ScoreRules.from}, {@code Features.of}), all
 * before any Spark work.
 */
public final class SettingsLoader {
  private SettingsLoader() {}

  /**
   * @param overlays {@code --config} files, any Hadoop path, in order (later wins)
   * @param overrides settings from the command line, keys relative to {@code engagement}, in order
   */
  public static JobSettings load(List<String> overlays, Map<String, String> overrides) {
    return load(SettingsLoader.class.getClassLoader(), overlays, overrides);
  }

  /** {@link #load(List, Map)} with the reference.conf files {@code loader} finds. */
  static JobSettings load(
      ClassLoader loader, List<String> overlays, Map<String, String> overrides) {
    SettingsSources.Loaded loaded = SettingsSources.load(loader, overlays, overrides);
    return build(
        SettingsBlock.root(loaded.engagement()),
        SettingsBlock.root(loaded.reference().toConfig()),
        new EffectiveConfig(loaded.engagement(), openMaps(loaded)));
  }

  /** Maps whose keys the user names: the empty objects of reference.conf, e.g. {@code caps}. */
  private static List<String> openMaps(SettingsSources.Loaded loaded) {
    return new KeyCheck(loaded.reference())
        .known().stream()
            .filter(k -> loaded.reference().toConfig().getValue(k).unwrapped() instanceof Map<?, ?>)
            .toList();
  }

  private static JobSettings build(
      SettingsBlock s, SettingsBlock defaults, EffectiveConfig effective) {
    JobSettings.Events events = EventSettings.from(s.block("events"));
    TierRules tiers = TierRules.from(s.block("tiers"));
    Optional<String> catalogTable =
        s.block("catalog").optional("table").map(t -> tableName(s.block("catalog")));
    boolean managed = managed(s, catalogTable);
    return new JobSettings(
        events,
        new JobSettings.Weights(
            s.block("weights").required("path", "--weights PATH"),
            SourceFormat.from(s.block("weights"), "format")),
        new PeriodCalendar(
            s.parsed("period", PeriodKind::parse, "use one of day, week, month, quarter, rolling"),
            s.days("window_days", 1)),
        s.zone("timezone"),
        s.optional("date").map(d -> s.parsed("date", LocalDate::parse, "use YYYY-MM-DD.")),
        s.days("lookback_days", 0),
        s.days("max_range_days", 1),
        tiers,
        s.oneOf("on_empty", JobSettings.OnEmpty.class),
        ratio(s, "max_reject_ratio"),
        ratio(s, "max_row_drop"),
        managed ? "" : s.block("output").required("path", "--output PATH"),
        s.block("audit").optional("path"),
        catalogTable,
        managed,
        effective.hash(),
        preview(s.block("preview")),
        backtest(s.block("backtest")),
        effective.text(),
        s,
        defaults);
  }

  // Weight-change preview and backtesting: read by their commands only.

  private static JobSettings.Preview preview(SettingsBlock preview) {
    int top =
        preview.whole("top", n -> n >= 1, "use a whole number of customers >= 1, e.g. 20 (--top).");
    return new JobSettings.Preview(top, preview.optional("report_path"));
  }

  private static JobSettings.Backtest backtest(SettingsBlock backtest) {
    SettingsBlock outcomes = backtest.block("outcomes");
    return new JobSettings.Backtest(
        outcomes.optional("path"),
        SourceFormat.from(outcomes, "format"),
        backtest.days("horizon_days", 1),
        backtest.block("report").optional("path"));
  }

  private static BigDecimal ratio(SettingsBlock s, String name) {
    return s.decimal(
        name,
        r -> r.signum() >= 0 && r.compareTo(BigDecimal.ONE) <= 0,
        "use a number from 0 to 1, e.g. 0.01 for 1%.");
  }

  /**
   * {@code catalog.managed}: the score table is the managed table {@code catalog.table}, whose
   * storage the catalog chooses, so it needs the name and takes no {@code output.path}.
   */
  private static boolean managed(SettingsBlock s, Optional<String> catalogTable) {
    SettingsBlock catalog = s.block("catalog");
    if (!catalog.trueOrFalse("managed")) {
      return false;
    }
    if (catalogTable.isEmpty()) {
      throw catalog.conflict(
          "managed",
          "catalog.managed = true needs the managed table's name: set catalog.table (db.table or"
              + " catalog.db.table)");
    }
    if (s.block("output").optional("path").isPresent()) {
      throw s.block("output")
          .conflict(
              "path",
              "output.path (--output) is set, but catalog.managed = true: the catalog chooses a"
                  + " managed table's storage. Remove output.path, or set catalog.managed = false"
                  + " to write the table at output.path and register it as catalog.table");
    }
    return true;
  }

  private static String tableName(SettingsBlock catalog) {
    return catalog.parsed(
        "table",
        s -> s.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*){0,2}") ? s : null,
        "use table, db.table or catalog.db.table (letters, digits, underscores).");
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
}
