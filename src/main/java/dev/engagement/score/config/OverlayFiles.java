package dev.engagement.score.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOriginFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import dev.engagement.score.model.UserInputException;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;

/**
 * The {@code --config} files: HOCON read from any Hadoop path. {@code include "other.conf"} (and
 * {@code include required("other.conf")}, {@code include file("other.conf")}) reads another file
 * the same way, relative to the including file's directory unless absolute or with a scheme; {@code
 * include classpath(...)} and {@code include url(...)} are HOCON's own. A plain include of a
 * missing file is skipped, as HOCON says; a required one fails.
 */
final class OverlayFiles {
  /**
   * A key that was one value before settings became HOCON and is a block now, set to a value: in a
   * file that also sets a key of the block, HOCON would silently let the block win.
   */
  private static final Pattern OLD_VALUE =
      Pattern.compile(
          "(?m)^[ \\t]*(?:engagement\\.)?(normalize|tiers|trend)[ \\t]*[=:][ \\t]*([^{\\s][^\\n]*)$");

  private OverlayFiles() {}

  /** The parsed file, includes included, not yet resolved. */
  static Config read(Configuration hadoop, String location) {
    String text;
    try {
      text = TextFile.read(hadoop, location);
    } catch (FileNotFoundException e) {
      throw new UserInputException(
          "Config file " + location + " does not exist: check the --config path");
    } catch (IOException | RuntimeException e) {
      throw new UserInputException(
          "Cannot read config file " + location + ": " + e.getMessage(), e);
    }
    return parse(hadoop, location, text);
  }

  private static Config parse(Configuration hadoop, String location, String text) {
    refuseOldValues(location, text);
    try {
      return ConfigFactory.parseString(
          text,
          ConfigParseOptions.defaults()
              .setSyntax(ConfigSyntax.CONF)
              .setOriginDescription(location)
              .setIncluder(new Includer(hadoop, location)));
    } catch (ConfigException.Parse e) {
      throw new UserInputException(
          "Config file "
              + location
              + " is not valid HOCON: "
              + e.getMessage()
              + (text.contains(SettingsSources.ROOT)
                  ? ""
                  : ". Settings are HOCON inside an `engagement { }` block (see README,"
                      + " \"Configuration reference\"); quote values with : or //, e.g."
                      + " events.path = \"s3a://bucket/events\""),
          e);
    } catch (ConfigException e) {
      throw new UserInputException(
          "Cannot read config file " + location + ": " + e.getMessage(), e);
    }
  }

  private static void refuseOldValues(String location, String text) {
    Matcher m = OLD_VALUE.matcher(text);
    while (m.find()) {
      String value = m.group(2).replaceFirst("\\s*(#|//).*$", "").strip();
      if (value.isEmpty() || value.startsWith("{")) {
        continue;
      }
      int line = text.substring(0, m.start(1)).split("\n", -1).length;
      throw KeyCheck.renamed(m.group(1), value, location + " line " + line);
    }
  }

  /** Reads included files through Hadoop, relative to the including file. */
  private record Includer(Configuration hadoop, String including)
      implements ConfigIncluder, ConfigIncluderFile {

    @Override
    public ConfigIncluder withFallback(ConfigIncluder fallback) {
      return this;
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
      return included(context, TextFile.sibling(including, what));
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, File what) {
      return included(context, TextFile.sibling(including, what.getPath()));
    }

    private ConfigObject included(ConfigIncludeContext context, String location) {
      String text;
      try {
        text = TextFile.read(hadoop, location);
      } catch (FileNotFoundException e) {
        if (context.parseOptions().getAllowMissing()) {
          return ConfigFactory.empty().root();
        }
        throw new ConfigException.IO(
            ConfigOriginFactory.newSimple(including),
            "the included file " + location + " does not exist");
      } catch (IOException e) {
        throw new ConfigException.IO(
            ConfigOriginFactory.newSimple(including),
            "cannot read the included file " + location + ": " + e.getMessage());
      }
      return parse(hadoop, location, text).root();
    }
  }
}
