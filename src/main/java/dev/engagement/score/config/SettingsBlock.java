package dev.engagement.score.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.engagement.score.model.UserInputException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One block of the resolved settings: the {@code engagement} block, a block inside it (e.g. {@code
 * trend}) or an element of a list of objects (e.g. {@code tiers.rules[2]}). Its readers check a
 * value's type and fail with a message that names the key, where it was set (the file and line, the
 * command line or the default) and the fix. Numbers are read from their text as written, so {@code
 * 20.50} is the {@code BigDecimal} 20.50, never a double.
 */
public final class SettingsBlock {
  private final Config config;
  private final String prefix;

  private SettingsBlock(Config config, String prefix) {
    this.config = config;
    this.prefix = prefix;
  }

  /** Blocks are equal when they hold the same values under the same name (origins aside). */
  @Override
  public boolean equals(Object other) {
    return other instanceof SettingsBlock b
        && b.prefix.equals(prefix)
        && b.config.root().equals(config.root());
  }

  @Override
  public int hashCode() {
    return Objects.hash(prefix, config.root());
  }

  /** The {@code engagement} block, resolved: keys are named relative to it. */
  public static SettingsBlock root(Config engagement) {
    return new SettingsBlock(engagement, "");
  }

  /** The block {@code name} inside this one, e.g. {@code trend}. */
  public SettingsBlock block(String name) {
    ConfigValue v = value(name);
    if (!(v instanceof ConfigObject o)) {
      throw wrongType(name, "a block of settings, e.g. " + key(name) + " { ... }");
    }
    return new SettingsBlock(o.toConfig(), key(name) + ".");
  }

  /** The full name of {@code name} for messages, e.g. {@code trend.score}. */
  public String key(String name) {
    return prefix + name;
  }

  /** The keys set in this block, e.g. those of one tier. */
  public Set<String> names() {
    return new TreeSet<>(config.root().keySet());
  }

  public boolean has(String name) {
    return config.hasPath(name);
  }

  /** The text of a single value (string, number or boolean) as written, stripped. */
  public String text(String name) {
    ConfigValue v = value(name);
    if (!isScalar(v)) {
      throw wrongType(name, "a single value (text, number or true/false)");
    }
    return config.getString(name).strip();
  }

  /** A text that may be empty ({@code ""}: not set). */
  public Optional<String> optional(String name) {
    return Optional.of(text(name)).filter(s -> !s.isEmpty());
  }

  /** A text that must not be empty; {@code flag} is the command-line flag that sets it, or null. */
  public String required(String name, String flag) {
    String value = text(name);
    if (value.isEmpty()) {
      throw new UserInputException(
          "Missing setting "
              + key(name)
              + ": set it in a --config file"
              + (flag == null ? "" : " or pass " + flag));
    }
    return value;
  }

  /** The value parsed by {@code parse}, which returns null when the text is not valid. */
  public <T> T parsed(String name, Function<String, T> parse, String fix) {
    String text = text(name);
    T result;
    try {
      result = parse.apply(text);
    } catch (RuntimeException e) {
      result = null;
    }
    if (result == null) {
      throw invalid(name, fix);
    }
    return result;
  }

  /** A decimal number read from its text, that {@code ok} accepts. */
  public BigDecimal decimal(String name, Predicate<BigDecimal> ok, String fix) {
    return parsed(name, s -> decimalOrNull(s, ok), fix);
  }

  /** A whole number that {@code ok} accepts. */
  public int whole(String name, Predicate<Integer> ok, String fix) {
    return parsed(name, s -> wholeOrNull(s, ok), fix);
  }

  /** A number of days of at least {@code min}. */
  public int days(String name, int min) {
    return whole(name, n -> n >= min, "use a whole number of days >= " + min + ".");
  }

  /** The constant of {@code type} named by the value, in any case, e.g. {@code epoch_millis}. */
  public <E extends Enum<E>> E oneOf(String name, Class<E> type) {
    List<String> names =
        Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
    return parsed(
        name,
        s ->
            Arrays.stream(type.getEnumConstants())
                .filter(e -> e.name().equalsIgnoreCase(s))
                .findFirst()
                .orElse(null),
        "use " + either(names) + ".");
  }

  public boolean trueOrFalse(String name) {
    return parsed(
        name,
        s ->
            switch (s.toLowerCase(Locale.ROOT)) {
              case "true" -> true;
              case "false" -> false;
              default -> null;
            },
        "use true or false.");
  }

  public ZoneId zone(String name) {
    return parsed(
        name,
        SettingsBlock::zoneOrNull,
        "use an IANA name such as UTC, Europe/Berlin or Asia/Tokyo");
  }

  /** A list of objects, each read as a block named e.g. {@code tiers.rules[0]}. */
  public List<SettingsBlock> objects(String name, String example) {
    List<SettingsBlock> blocks = new ArrayList<>();
    List<? extends ConfigValue> items = list(name, example);
    for (int i = 0; i < items.size(); i++) {
      if (!(items.get(i) instanceof ConfigObject o)) {
        throw wrongType(name, "a list of objects, e.g. " + example);
      }
      blocks.add(new SettingsBlock(o.toConfig(), key(name) + "[" + i + "]."));
    }
    return blocks;
  }

  /** A list of single values, as written. */
  public List<String> texts(String name, String example) {
    List<String> texts = new ArrayList<>();
    for (ConfigValue item : list(name, example)) {
      if (!isScalar(item)) {
        throw wrongType(name, "a list of single values, e.g. " + example);
      }
      texts.add(String.valueOf(item.unwrapped()).strip());
      if (item.valueType() == ConfigValueType.NUMBER) {
        // The number as written (20.50), not as a double (20.5).
        texts.set(texts.size() - 1, numberText(item));
      }
    }
    return texts;
  }

  /**
   * An object whose keys are names the user chooses (event types, categories), with single values,
   * sorted by key. {@code null}: empty, so that a later file can clear what an earlier one set.
   */
  public Map<String, String> entries(String name, String example) {
    ConfigValue v = value(name);
    Map<String, String> entries = new TreeMap<>();
    if (v.valueType() == ConfigValueType.NULL) {
      return entries;
    }
    if (!(v instanceof ConfigObject o)) {
      throw wrongType(name, "an object, e.g. " + example);
    }
    for (Map.Entry<String, ConfigValue> e : o.entrySet()) {
      if (!isScalar(e.getValue())) {
        throw wrongType(name, "an object of single values, e.g. " + example);
      }
      entries.put(
          e.getKey(),
          e.getValue().valueType() == ConfigValueType.NUMBER
              ? numberText(e.getValue())
              : String.valueOf(e.getValue().unwrapped()).strip());
    }
    return entries;
  }

  /** Fails when this block (an element of a list) has keys other than {@code known}. */
  public void onlyKeys(Set<String> known, String example) {
    for (String name : names()) {
      if (!known.contains(name)) {
        throw new UserInputException(
            "Unknown key '"
                + name
                + "' in "
                + prefix.substring(0, prefix.length() - 1)
                + " ("
                + where(name)
                + "): use "
                + either(new ArrayList<>(new TreeSet<>(known)))
                + ", e.g. "
                + example);
      }
    }
  }

  /** {@code Invalid KEY 'VALUE' (WHERE): FIX}. */
  public UserInputException invalid(String name, String fix) {
    return new UserInputException(
        "Invalid " + key(name) + " '" + shown(name) + "' (" + where(name) + "): " + fix);
  }

  /** A message about {@code name} (e.g. a setting it needs), followed by where it was set. */
  public UserInputException conflict(String name, String message) {
    return new UserInputException(message + " (" + key(name) + ": " + where(name) + ")");
  }

  /** Where {@code name} was set, e.g. {@code conf/prod.conf line 12}. */
  public String where(String name) {
    return where(value(name).origin());
  }

  /** {@code conf/prod.conf line 12}, {@code the command line} or {@code the default ...}. */
  public static String where(ConfigOrigin origin) {
    String description = origin.description();
    int line = origin.lineNumber();
    if (line >= 0 && description.endsWith(": " + line)) {
      description = description.substring(0, description.length() - (": " + line).length());
    }
    if (origin.resource() != null) {
      return "the default, " + origin.resource() + (line >= 0 ? " line " + line : "");
    }
    if (description.startsWith(SettingsSources.COMMAND_LINE)) {
      return description;
    }
    if (description.startsWith("withValue(")) {
      // A block the command line created around the value it set, e.g. caps for caps.login.
      return SettingsSources.COMMAND_LINE;
    }
    return description + (line >= 0 ? " line " + line : "");
  }

  /** {@code a, b or c}, for messages. */
  public static String either(List<String> names) {
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " or "
        + names.get(names.size() - 1);
  }

  private ConfigValue value(String name) {
    if (!config.hasPathOrNull(name)) {
      throw new UserInputException(
          "Missing setting " + key(name) + " (in " + where(config.origin()) + ")");
    }
    ConfigValue direct = config.root().get(name);
    return direct != null ? direct : config.getValue(name);
  }

  private List<? extends ConfigValue> list(String name, String example) {
    ConfigValue v = value(name);
    if (v.valueType() == ConfigValueType.NULL) {
      return List.of();
    }
    if (!(v instanceof ConfigList l)) {
      throw wrongType(name, "a list, e.g. " + example);
    }
    return l;
  }

  private UserInputException wrongType(String name, String expected) {
    ConfigValue v = value(name);
    return new UserInputException(
        "Invalid "
            + key(name)
            + " ("
            + where(name)
            + "): it is "
            + (v.valueType() == ConfigValueType.NULL ? "null" : typeName(v) + " " + render(v))
            + ", but must be "
            + expected);
  }

  private String shown(String name) {
    ConfigValue v = value(name);
    return isScalar(v) ? config.getString(name) : render(v);
  }

  private static String render(ConfigValue v) {
    return v.render(ConfigRenderOptions.concise());
  }

  private static String typeName(ConfigValue v) {
    return switch (v.valueType()) {
      case OBJECT -> "an object";
      case LIST -> "a list";
      case NULL -> "null";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case STRING -> "a text";
    };
  }

  private static boolean isScalar(ConfigValue v) {
    return switch (v.valueType()) {
      case STRING, NUMBER, BOOLEAN -> true;
      default -> false;
    };
  }

  /** A number's text as written: a one-element config keeps it, the value alone does not. */
  private static String numberText(ConfigValue v) {
    return v.atKey("n").getString("n");
  }

  private static BigDecimal decimalOrNull(String text, Predicate<BigDecimal> ok) {
    try {
      BigDecimal d = new BigDecimal(text);
      return ok.test(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Integer wholeOrNull(String text, Predicate<Integer> ok) {
    try {
      int n = Integer.parseInt(text);
      return ok.test(n) ? n : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static ZoneId zoneOrNull(String text) {
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      return null;
    }
  }
}
