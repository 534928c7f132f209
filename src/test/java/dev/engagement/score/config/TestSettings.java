package dev.engagement.score.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Settings for tests: the three required paths plus {@code --set} style overrides. */
final class TestSettings {
  static final Map<String, String> PATHS =
      Map.of("events.path", "/e", "weights.path", "/w.csv", "output.path", "/o");

  private TestSettings() {}

  /** Loads with {@code keyValues} (key, value, key, value...) as command-line overrides. */
  static JobSettings load(String... keyValues) {
    return SettingsLoader.load(List.of(), overrides(keyValues));
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
    return SettingsLoader.load(List.of(write(dir, "test.conf", hocon)), PATHS);
  }

  static String write(Path dir, String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text).toString();
  }
}
