package dev.engagement.score.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** How far a mistyped name is from a real one: for "did you mean" suggestions. */
final class Typos {
  private Typos() {}

  /**
   * Whether {@code name} is a likely typo of {@code typed}: at most 2 edits away, 1 for a short
   * word, 0 for a word of 1 or 2 letters (dashes aside), where any other word is as near.
   */
  static boolean close(String typed, String name) {
    int letters = typed.replaceFirst("^-+", "").length();
    return distance(typed, name) <= Math.min(2, letters / 3);
  }

  /**
   * {@code names} sorted by their distance from {@code typed} (ties keep their order), at most n.
   */
  static List<String> nearestFirst(String typed, Collection<String> names, int n) {
    return names.stream()
        .sorted(Comparator.comparingInt(name -> distance(typed, name)))
        .limit(n)
        .toList();
  }

  /**
   * The edits (insert, delete or replace a character, swap two adjacent ones) that turn {@code a}
   * into {@code b}: the optimal string alignment distance, case-insensitive.
   */
  static int distance(String a, String b) {
    String x = a.toLowerCase(java.util.Locale.ROOT);
    String y = b.toLowerCase(java.util.Locale.ROOT);
    int[][] d = new int[x.length() + 1][y.length() + 1];
    for (int i = 0; i <= x.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= y.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= x.length(); i++) {
      for (int j = 1; j <= y.length(); j++) {
        int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && x.charAt(i - 1) == y.charAt(j - 2)
            && x.charAt(i - 2) == y.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[x.length()][y.length()];
  }
}
