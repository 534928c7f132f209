package dev.engagement.score.core.weights;

import dev.engagement.score.model.Fingerprint;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fingerprints of weights: a table's {@code weights_hash} and a period's {@code
 * weights_version}. Both hash the parsed weights, never the file, so they do not depend on row
 * order, number notation ({@code 1}, {@code 1.0}), quoting, line endings, a byte-order mark or the
 * format (CSV, Parquet, Delta) the weights came from.
 *
 * <p>{@link Fingerprint} hashes {@code key=value} lines, so names that contain {@code \n}, {@code
 * =} or {@code @} (the separator of a dated key) are escaped with a backslash, as is the backslash
 * itself: two different tables then never hash the same text. Names without those characters are
 * written as they are, so every hash recorded before the escaping existed stays valid.
 */
final class WeightHash {
  private WeightHash() {}

  /**
   * The {@code weights_hash} of a validated table. A dated table's rows are keyed by type and
   * validity range; an undated table's by type alone, so that its hash equals its {@link #version}.
   */
  static String of(List<WeightSource.Weight> weights, boolean dated) {
    Map<String, String> content = new TreeMap<>();
    // A category changes combined scores, so it is part of the fingerprint; without one the
    // fingerprint is that of the table before categories existed.
    weights.forEach(
        w ->
            content.put(
                dated ? escape(w.eventType()) + "@" + w.range() : escape(w.eventType()),
                w.weight().toPlainString()
                    + (w.category() == null ? "" : " category=" + escape(w.category()))));
    return Fingerprint.of(content);
  }

  /** The {@code weights_version} of the weights of a period, by event type. */
  static String version(Map<String, BigDecimal> weights) {
    Map<String, String> content = new TreeMap<>();
    weights.forEach((type, weight) -> content.put(escape(type), weight.toPlainString()));
    return Fingerprint.of(content);
  }

  private static String escape(String name) {
    return name.replace("\\", "\\\\").replace("\n", "\\n").replace("=", "\\=").replace("@", "\\@");
  }
}
