package dev.engagement.score.config;

import dev.engagement.score.core.plugin.Feature;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.feature.transitions.TransitionsFeature;
import dev.engagement.score.feature.trend.Trend;
import dev.engagement.score.feature.trend.TrendSettings;
import dev.engagement.score.run.Features;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings for tests: the three required paths plus {@code --set} style overrides. */
public final class TestSettings {
  static final Map<String, String> PATHS =
      Map.of("events.path", "/e", "weights.path", "/w.csv", "output.path", "/o");

  private TestSettings() {}

  /**
   * Loads with {@code keyValues} (key, value, key, value...) as command-line overrides, and checks
   * them as the command does before Spark starts: the score's rules and each feature's block too.
   */
  public static JobSettings load(String... keyValues) {
    return checked(SettingsLoader.load(List.of(), overrides(keyValues)));
  }

  /** {@code settings}, once the score's rules and the features' blocks are checked too. */
  static JobSettings checked(JobSettings settings) {
    Features.of(settings, ScoreRules.from(settings));
    return settings;
  }

  /** The score's rules of {@link #load}{@code (keyValues)}. */
  static ScoreRules rules(String... keyValues) {
    return rules(load(keyValues));
  }

  static ScoreRules rules(JobSettings settings) {
    return ScoreRules.from(settings);
  }

  /** The trend feature's settings. */
  static Trend trend(JobSettings settings) {
    return TrendSettings.from(settings.block("trend"), rules(settings).normalization());
  }

  /** The transitions feature, when {@code transitions.path} is set. */
  static Optional<TransitionsFeature> transitions(JobSettings settings) {
    return feature(settings, TransitionsFeature.class);
  }

  /** The feature of this {@code type} that {@code settings} turn on, if they do. */
  static <T extends Feature> Optional<T> feature(JobSettings settings, Class<T> type) {
    return Features.of(settings, rules(settings)).stream()
        .filter(type::isInstance)
        .map(type::cast)
        .findFirst();
  }

  static Map<String, String> overrides(String... keyValues) {
    Map<String, String> all = new LinkedHashMap<>(PATHS);
    for (int i = 0; i < keyValues.length; i += 2) {
      all.put(keyValues[i], keyValues[i + 1]);
    }
    return all;
  }

  /** Loads {@code hocon} as a --config file in {@code dir}, with the three required paths. */
  static JobSettings file(Path dir, String hocon) throws IOException {
    return checked(SettingsLoader.load(List.of(write(dir, "test.conf", hocon)), PATHS));
  }

  static String write(Path dir, String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text).toString();
  }
}
