package dev.engagement.score.core.table;

import dev.engagement.score.model.UserInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Refuses a run whose outputs overlap its inputs or each other, before Spark reads anything.
 *
 * <p>Without it, rejects written into the events directory became the next run's events (Delta
 * is detected there), which scored nothing and deleted the published period (issue 18). Every
 * path the job writes must be apart from every other path it reads or writes: not equal, not
 * inside it, not containing it, by whole path segments ({@code /a/b} lies inside {@code /a},
 * {@code /ab} does not). Reads among themselves never conflict, and a setting never conflicts
 * with itself (the score table is both read and written).
 *
 * <p>Paths are compared fully qualified, as {@link QualifiedPath} describes: relative paths
 * against the working directory, paths without a scheme on the default file system of {@code
 * conf}, scheme and authority case-insensitively, {@code .}, {@code ..}, repeated and trailing
 * slashes normalized, local symlinks resolved; other file systems by URI alone, without any
 * network access.
 *
 * <p>A read path may be a glob, as Spark allows ({@code /data/events/*.json}). It is compared as
 * the directory above its first segment holding a glob character ({@code * ? [ {}), since the
 * glob can match any name in there. Write paths are taken literally.
 */
public final class PathConflicts {
  private PathConflicts() {}

  /**
   * One path the job reads or writes.
   *
   * @param setting where the user sets it, named in messages, e.g. {@code rejects.path (--rejects)}
   * @param path as given; callers leave out optional paths that are not set
   */
  public record Use(String setting, String path) {}

  /** A table a command writes, named by its setting: at a path, or a managed table. */
  public record Written(String setting, TableLocation table) {}

  /**
   * The paths a command reads and those it writes, and the managed tables it writes, which have no
   * path to compare.
   */
  public record Uses(List<Use> reads, List<Use> writes, List<Written> managed) {
    public static final Uses NONE = new Uses(List.of(), List.of());

    public Uses(List<Use> reads, List<Use> writes) {
      this(reads, writes, List.of());
    }

    /** One table written, named by its setting (a feature's companion table). */
    public static Uses written(String setting, String path) {
      return new Uses(List.of(), List.of(new Use(setting, path)));
    }

    /** One table written, at its path or managed. */
    public static Uses written(String setting, TableLocation table) {
      return table
          .path()
          .map(p -> written(setting, p))
          .orElseGet(() -> new Uses(List.of(), List.of(), List.of(new Written(setting, table))));
    }

    /** Every table written: those at paths, then the managed ones. */
    public List<Written> tables() {
      List<Written> tables = new ArrayList<>();
      writes.forEach(u -> tables.add(new Written(u.setting(), TableLocation.path(u.path()))));
      tables.addAll(managed);
      return List.copyOf(tables);
    }

    /** One table read, if its setting is set. */
    public static Uses read(String setting, Optional<String> path) {
      return new Uses(path.stream().map(p -> new Use(setting, p)).toList(), List.of());
    }

    /** These paths and {@code more}. */
    public Uses plus(Uses more) {
      List<Use> r = new ArrayList<>(reads);
      r.addAll(more.reads());
      List<Use> w = new ArrayList<>(writes);
      w.addAll(more.writes());
      List<Written> m = new ArrayList<>(managed);
      m.addAll(more.managed());
      return new Uses(List.copyOf(r), List.copyOf(w), List.copyOf(m));
    }
  }

  private record Placed(Use use, QualifiedPath where) {}

  /** {@link #check(Configuration, List, List)} of {@code uses}, with the session's Hadoop setup. */
  public static void check(org.apache.spark.sql.SparkSession spark, Uses uses) {
    check(spark.sessionState().newHadoopConf(), uses.reads(), uses.writes());
  }

  /**
   * @param conf the Hadoop configuration Spark will use, for the default file system and the file
   *     system classes
   * @throws UserInputException on the first conflict, or on a path that cannot be qualified
   */
  public static void check(Configuration conf, List<Use> reads, List<Use> writes) {
    List<Placed> inputs = place(conf, reads, true);
    List<Placed> outputs = place(conf, writes, false);
    for (Placed output : outputs) {
      for (Placed input : inputs) {
        requireApart(output, input, "the job would write where it reads");
      }
    }
    for (int later = 1; later < outputs.size(); later++) {
      for (int earlier = 0; earlier < later; earlier++) {
        requireApart(
            outputs.get(later),
            outputs.get(earlier),
            "the job would write one output into another");
      }
    }
  }

  private static List<Placed> place(Configuration conf, List<Use> uses, boolean read) {
    List<Placed> placed = new ArrayList<>();
    for (Use use : uses) {
      placed.add(new Placed(use, QualifiedPath.of(conf, use.setting(), use.path(), read)));
    }
    return placed;
  }

  private static void requireApart(Placed subject, Placed other, String consequence) {
    if (subject.use().setting().equals(other.use().setting())) {
      return;
    }
    String relation = relation(subject.where(), other.where());
    if (relation == null) {
      return;
    }
    String setting = subject.use().setting();
    throw new UserInputException(
        setting
            + " = "
            + subject.where()
            + " "
            + relation
            + " "
            + other.use().setting()
            + " = "
            + other.where()
            + ": "
            + consequence
            + ". Give "
            + setting
            + " a path of its own, outside every input and output path.");
  }

  /** How {@code subject} overlaps {@code other}, in words, or null if they are apart. */
  private static String relation(QualifiedPath subject, QualifiedPath other) {
    boolean inside = other.contains(subject);
    boolean contains = subject.contains(other);
    if (inside && contains) {
      return "is the same as";
    }
    if (inside) {
      return "lies inside";
    }
    return contains ? "contains" : null;
  }
}
