package dev.engagement.score.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.engagement.score.model.Fingerprint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The effective settings as text: what {@code --print-config} prints and the audit table's {@code
 * config} column stores, and what {@code config_hash} fingerprints. HOCON, the {@code engagement}
 * block after every overlay and override, keys sorted, numbers as written; it can be passed back as
 * a {@code --config} file.
 *
 * <p>Secrets are redacted ({@value #REDACTED}): the value of a setting whose name contains {@code
 * password}, {@code passwd}, {@code secret}, {@code token} or {@code credential}, or has {@code
 * key}, {@code pwd} or {@code sas} as a word ({@code access_key}, {@code account_key}, {@code
 * sas_token}; not {@code monkey}); in any text, the password of a URI's user info ({@code
 * s3a://id:secret@bucket}) and query parameters such as {@code sig=} of a SAS URL. The keys of maps
 * the user names (caps, category weights) are not setting names and are not looked at.
 */
public final class EffectiveConfig {
  public static final String REDACTED = "<redacted>";

  private static final Pattern SECRET_NAME =
      Pattern.compile(
          "(?i).*(password|passwd|secret|token|credential).*|(.*[_.-])?(key|pwd|sas)([_.-].*)?");
  private static final Pattern URI_PASSWORD = Pattern.compile("(://[^/@:\\s]+:)[^@\\s]+@");
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile(
          "(?i)([?&](?:sig|signature|sas|token|access_token|password|secret|key|code)=)[^&\\s]*");
  private static final String INDENT = "  ";

  private final Config engagement;
  private final List<String> openMaps;

  /**
   * @param engagement the resolved {@code engagement} block
   * @param openMaps the keys of maps whose keys the user names, e.g. {@code caps}
   */
  EffectiveConfig(Config engagement, List<String> openMaps) {
    this.engagement = engagement;
    this.openMaps = List.copyOf(openMaps);
  }

  /** {@code engagement { ... }}, redacted. */
  public String text() {
    StringBuilder out = new StringBuilder(SettingsSources.ROOT).append(' ');
    object(engagement.root(), "", 0, out);
    return out.append('\n').toString();
  }

  /**
   * SHA-256 of every setting but {@code restatements.reason} (which explains a run, it does not
   * change the scores), redacted, one {@code key=value} per line in key order.
   */
  public String hash() {
    Map<String, String> flat = new TreeMap<>();
    flatten(engagement.root(), "", flat);
    flat.remove(ConfigKeys.RESTATEMENTS_REASON);
    return Fingerprint.of(flat);
  }

  /** A setting's value with secrets removed; {@code key} is its full name. */
  static String redact(String key, String value) {
    String name = key.substring(key.lastIndexOf('.') + 1);
    if (SECRET_NAME.matcher(name).matches()) {
      return REDACTED;
    }
    String text = URI_PASSWORD.matcher(value).replaceAll("$1" + REDACTED + "@");
    return SECRET_PARAMETER.matcher(text).replaceAll("$1" + REDACTED);
  }

  private void flatten(ConfigObject block, String prefix, Map<String, String> into) {
    for (String name : block.keySet()) {
      ConfigValue v = block.get(name);
      String key = prefix + name;
      if (v instanceof ConfigObject inner && !openMaps.contains(key)) {
        flatten(inner, key + ".", into);
      } else {
        StringBuilder text = new StringBuilder();
        value(v, openMaps.contains(key) ? null : key, 0, text);
        into.put(key, text.toString());
      }
    }
  }

  /** {@code key}: the block's full name ("" for the root), null in a map the user names. */
  private void object(ConfigObject block, String key, int depth, StringBuilder out) {
    if (block.isEmpty()) {
      out.append("{}");
      return;
    }
    out.append("{\n");
    for (String name : sorted(block)) {
      boolean inner = block.get(name) instanceof ConfigObject;
      out.append(INDENT.repeat(depth + 1)).append(quoteKey(name)).append(inner ? " " : " = ");
      value(block.get(name), child(key, name), depth + 1, out);
      out.append('\n');
    }
    out.append(INDENT.repeat(depth)).append('}');
  }

  private void value(ConfigValue v, String key, int depth, StringBuilder out) {
    if (v instanceof ConfigObject inner) {
      object(inner, key == null || openMaps.contains(key) ? null : key, depth, out);
    } else if (v instanceof ConfigList list) {
      list(list, key, depth, out);
    } else if (key != null && v.valueType() == ConfigValueType.STRING) {
      out.append(ConfigUtil.quoteString(redact(key, (String) v.unwrapped())));
    } else if (key != null && SECRET_NAME.matcher(name(key)).matches()) {
      out.append(ConfigUtil.quoteString(REDACTED));
    } else if (v.valueType() == ConfigValueType.STRING) {
      out.append(ConfigUtil.quoteString((String) v.unwrapped()));
    } else if (v.valueType() == ConfigValueType.NUMBER) {
      out.append(number(v));
    } else {
      out.append(v.unwrapped());
    }
  }

  private void list(ConfigList list, String key, int depth, StringBuilder out) {
    if (list.isEmpty()) {
      out.append("[]");
      return;
    }
    boolean objects = list.get(0) instanceof ConfigObject;
    out.append(objects ? "[\n" : "[");
    for (int i = 0; i < list.size(); i++) {
      if (objects) {
        out.append(INDENT.repeat(depth + 1));
        inline(list.get(i), key, out);
        out.append('\n');
      } else {
        out.append(i == 0 ? "" : ", ");
        value(list.get(i), key, depth, out);
      }
    }
    out.append(objects ? INDENT.repeat(depth) + "]" : "]");
  }

  /** {@code { name = at_risk, below = 0 }}: one element of a list of objects, name first. */
  private void inline(ConfigValue element, String key, StringBuilder out) {
    if (!(element instanceof ConfigObject o)) {
      value(element, key, 0, out);
      return;
    }
    List<String> parts = new ArrayList<>();
    for (String name : sorted(o)) {
      StringBuilder value = new StringBuilder();
      value(o.get(name), child(key, name), 0, value);
      parts.add(quoteKey(name) + " = " + value.toString().replaceAll("\\s*\n\\s*", " "));
    }
    out.append("{ ").append(String.join(", ", parts)).append(" }");
  }

  private static String child(String key, String name) {
    return key == null ? null : key.isEmpty() ? name : key + "." + name;
  }

  private static List<String> sorted(ConfigObject block) {
    return block.keySet().stream()
        .sorted(Comparator.comparing((String n) -> !n.equals("name")).thenComparing(n -> n))
        .toList();
  }

  private static String name(String key) {
    return key.substring(key.lastIndexOf('.') + 1);
  }

  /** A number as written (20.50), not as Typesafe Config renders its double (20.5). */
  private static String number(ConfigValue v) {
    return v.atKey("n").getString("n");
  }

  private static String quoteKey(String name) {
    return name.matches("[A-Za-z_][A-Za-z0-9_-]*") ? name : ConfigUtil.quoteString(name);
  }
}
