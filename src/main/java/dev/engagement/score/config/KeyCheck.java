package dev.engagement.score.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.engagement.score.model.UserInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checks the keys one source sets (a {@code --config} file, the command line) against those of
 * {@code reference.conf}'s {@code engagement} block, before anything is merged, so that a message
 * names the source: an unknown key fails with the nearest known ones, a key renamed when settings
 * became HOCON with its new name. An empty object in reference.conf ({@code caps {}}) is a map
 * whose keys the user chooses: its entries are checked by its reader.
 */
final class KeyCheck {
  /** Keys that were one value and are blocks now: the key their value moved to. */
  static final Map<String, String> RENAMED =
      Map.of(
          "normalize", ConfigKeys.NORMALIZE_METHOD,
          "tiers", ConfigKeys.TIERS_RULES,
          "trend", ConfigKeys.TREND_SCORE);

  private static final int SUGGESTIONS = 3;

  private final ConfigObject reference;
  private final List<String> known;

  KeyCheck(ConfigObject reference) {
    this.reference = reference;
    this.known = new ArrayList<>();
    leaves(reference, "", known);
  }

  /** Every setting's key, e.g. {@code events.path}, sorted. */
  List<String> known() {
    return known;
  }

  /** Checks the keys of {@code block}, set by {@code source}, under {@code engagement}. */
  void check(ConfigObject block, String source) {
    check(reference, block, "", source);
  }

  /** Whether {@code name} is a key (or a block) directly inside {@code engagement}. */
  boolean isTopLevel(String name) {
    return reference.containsKey(name) || RENAMED.containsKey(name);
  }

  private void check(ConfigObject ref, ConfigObject user, String prefix, String source) {
    for (String name : new TreeSet<>(user.keySet())) {
      String key = prefix + name;
      ConfigValue r = ref.get(name);
      ConfigValue u = user.get(name);
      String where = SettingsBlock.where(u.origin());
      if (r == null) {
        throw unknown(key, where);
      }
      if (r instanceof ConfigObject block && !block.isEmpty()) {
        if (u instanceof ConfigObject inner) {
          check(block, inner, key + ".", source);
        } else if (resolvedNonObject(u)) {
          throw RENAMED.containsKey(key)
              ? renamed(key, render(u), where)
              : new UserInputException(
                  key
                      + " is a block of settings ("
                      + where
                      + "): set its keys, e.g. "
                      + key
                      + "."
                      + block.keySet().stream().sorted().findFirst().orElseThrow()
                      + " = ...");
        }
      } else if (!(r instanceof ConfigObject) && u instanceof ConfigObject) {
        throw new UserInputException(
            key + " is a single value, not a block (" + where + "): write " + key + " = ...");
      }
    }
  }

  /**
   * Whether {@code u} is a value that is resolved and not an object (unresolved: not known yet).
   */
  private static boolean resolvedNonObject(ConfigValue u) {
    try {
      return u.valueType() != ConfigValueType.OBJECT;
    } catch (ConfigException.NotResolved e) {
      return false;
    }
  }

  private static String render(ConfigValue u) {
    try {
      return String.valueOf(u.unwrapped());
    } catch (ConfigException.NotResolved e) {
      return "...";
    }
  }

  /** {@code normalize = minmax}, an old key set to a value: the key it is now. */
  static UserInputException renamed(String key, String value, String where) {
    String now = RENAMED.get(key);
    return new UserInputException(
        "'"
            + key
            + "' is now '"
            + now
            + "' ("
            + where
            + "): "
            + key
            + " became a block of settings. Write "
            + now
            + " = "
            + (key.equals("tiers")
                ? "[{ name = ..., below = ... }, ...] (see reference.conf)"
                : value)
            + ", or --set "
            + now
            + "=...");
  }

  UserInputException unknown(String key, String where) {
    return new UserInputException(
        "Unknown config key '"
            + key
            + "' ("
            + where
            + "): did you mean "
            + SettingsBlock.either(nearest(key))
            + "? Every key is listed in reference.conf (README, \"Configuration reference\").");
  }

  /**
   * The known keys nearest to {@code key}: by edit distance to their first segments as many as
   * {@code key} has ({@code normalise} is 1 from {@code normalize.method}), then to the whole key.
   */
  List<String> nearest(String key) {
    int segments = key.split("\\.", -1).length;
    Comparator<String> byDistance =
        Comparator.<String>comparingInt(k -> distance(key, firstSegments(k, segments)))
            .thenComparingInt(k -> distance(key, k))
            .thenComparing(Comparator.naturalOrder());
    return known.stream().sorted(byDistance).limit(SUGGESTIONS).toList();
  }

  private static String firstSegments(String key, int n) {
    String[] parts = key.split("\\.", -1);
    return String.join(".", List.of(parts).subList(0, Math.min(n, parts.length)));
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static void leaves(ConfigObject block, String prefix, List<String> into) {
    for (String name : new TreeSet<>(block.keySet())) {
      ConfigValue v = block.get(name);
      if (v instanceof ConfigObject inner && !inner.isEmpty()) {
        leaves(inner, prefix + name + ".", into);
      } else {
        into.add(prefix + name);
      }
    }
  }
}
