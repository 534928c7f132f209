package dev.engagement.score.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import dev.engagement.score.model.UserInputException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;

/**
 * Where settings come from, merged in order, later wins: every {@code reference.conf} on the
 * classpath (this job's and any other library's; only the {@code engagement} block is read), each
 * {@code --config} file, then the command line. Each source's keys are checked before the merge;
 * substitutions ({@code ${?EVENTS_PATH}}, {@code ${engagement.output.path}}) are resolved after it,
 * against the merged settings and then the environment.
 */
final class SettingsSources {
  static final String ROOT = "engagement";
  static final String COMMAND_LINE = "the command line";
  private static final String REFERENCE = "reference.conf";

  /**
   * The resolved settings and the reference they were checked against.
   *
   * @param engagement the resolved {@code engagement} block
   * @param reference the defaults' {@code engagement} block
   */
  record Loaded(Config engagement, ConfigObject reference) {}

  private SettingsSources() {}

  static Loaded load(ClassLoader loader, List<String> files, Map<String, String> overrides) {
    ConfigObject reference = reference(loader);
    KeyCheck keys = new KeyCheck(reference);
    Configuration hadoop = files.isEmpty() ? null : TextFile.hadoopConfiguration();
    Config user = ConfigFactory.empty();
    for (String file : files) {
      Config overlay = OverlayFiles.read(hadoop, file);
      checkFile(keys, overlay, file);
      user = overlay.withFallback(user);
    }
    Config cli = commandLine(reference, overrides);
    if (cli.hasPath(ROOT)) {
      keys.check(cli.getObject(ROOT), COMMAND_LINE);
    }
    Config merged = cli.withFallback(user).withFallback(reference.atKey(ROOT));
    try {
      return new Loaded(merged.resolve().getConfig(ROOT), reference);
    } catch (ConfigException e) {
      throw new UserInputException("Cannot resolve the settings: " + e.getMessage(), e);
    }
  }

  /** The {@code engagement} block of every reference.conf on the classpath, merged. */
  static ConfigObject reference(ClassLoader loader) {
    Config all =
        ConfigFactory.parseResources(
            loader, REFERENCE, ConfigParseOptions.defaults().setAllowMissing(false));
    if (!all.hasPath(ROOT)) {
      throw new IllegalStateException(
          REFERENCE + " with an `" + ROOT + "` block is missing from the classpath");
    }
    return all.getObject(ROOT);
  }

  /**
   * A file's settings go inside {@code engagement}; other top-level keys are not settings (e.g.
   * values to substitute) and are left alone, but a setting outside the block fails.
   */
  private static void checkFile(KeyCheck keys, Config overlay, String file) {
    for (String name : new TreeSet<>(overlay.root().keySet())) {
      ConfigValue value = overlay.root().get(name);
      String where = SettingsBlock.where(value.origin());
      if (name.equals(ROOT)) {
        if (!(value instanceof ConfigObject block)) {
          throw new UserInputException(
              ROOT + " must be a block of settings (" + where + "): " + ROOT + " { ... }");
        }
        keys.check(block, file);
      } else if (keys.isTopLevel(name) || KeyCheck.distance(name, ROOT) <= 2) {
        throw new UserInputException(
            "Config file "
                + file
                + " sets '"
                + name
                + "' outside the "
                + ROOT
                + " block ("
                + where
                + "): settings go inside it, e.g. "
                + ROOT
                + " { period = week } or "
                + ROOT
                + ".period = week");
      }
    }
  }

  /**
   * The command line's settings ({@code --set KEY=VALUE} and the flags), keys relative to {@code
   * engagement}. A value is HOCON (a number, a list, an object), except for a key whose default is
   * text: there it is taken as written ({@code s3a://bucket/x} needs no quotes) unless it starts
   * with a double quote.
   */
  static Config commandLine(ConfigObject reference, Map<String, String> overrides) {
    Config cli = ConfigFactory.empty();
    Config defaults = reference.toConfig();
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      String key = e.getKey().strip();
      String value = e.getValue().strip();
      String origin = COMMAND_LINE;
      try {
        boolean text =
            defaults.hasPathOrNull(key)
                && defaults.getValue(key).valueType() == ConfigValueType.STRING
                && !value.startsWith("\"");
        ConfigValue parsed =
            text ? ConfigValueFactory.fromAnyRef(value, origin) : value(key, value, origin);
        cli = cli.withValue(ROOT + "." + key, parsed);
      } catch (ConfigException e2) {
        throw new UserInputException(
            "Invalid setting " + key + "=" + value + " on the command line: " + e2.getMessage(),
            e2);
      }
    }
    return cli;
  }

  private static ConfigValue value(String key, String value, String origin) {
    Config parsed;
    try {
      parsed =
          ConfigFactory.parseString(
              "value = " + value, ConfigParseOptions.defaults().setOriginDescription(origin));
    } catch (ConfigException.Parse e) {
      parsed = null;
    }
    if (parsed == null || !parsed.root().keySet().equals(java.util.Set.of("value"))) {
      throw new UserInputException(
          "Invalid setting "
              + key
              + "="
              + value
              + " on the command line: the value is not one HOCON value; quote it or write a list"
              + " or object, e.g. --set 'tiers.rules=[{name = low, below = 10}, {name = high}]'");
    }
    return parsed.root().get("value");
  }
}
