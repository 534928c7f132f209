package dev.engagement.score.core.table;

import dev.engagement.score.core.events.InputGuard;
import dev.engagement.score.model.UserInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.spark.SparkThrowable;

/**
 * Tells bad input from bugs among the failures that surface inside Spark (in a task, or in a job
 * Spark runs while reading), where the message that matters is buried in the cause chain. {@link
 * #explain} returns the {@link UserInputException} to report instead (exit 2, one line naming the
 * file, customer or table and the fix), or empty for anything else, which stays exit 1.
 *
 * <p>Recognized, as Spark 3.5 and Delta 3.3 report them, and as Spark 4 does (its {@code
 * FAILED_READ_FILE} error with the same causes: {@code .FILE_NOT_EXIST} for a file gone, {@code
 * .PARQUET_COLUMN_DATA_TYPE_MISMATCH} for a column of another type, any other for the file whose
 * bytes do not decode):
 *
 * <ul>
 *   <li>a failed {@link InputGuard} (the raw-score overflow guard): its own message, which names
 *       the customer, the period and the fix;
 *   <li>a truncated or corrupt Parquet file (or a file that is not Parquet): while Spark infers the
 *       schema ({@code CANNOT_READ_FILE_FOOTER}) or in a task ({@code _LEGACY_ERROR_TEMP_2064}, or
 *       parquet-mr's own "is not a Parquet file"), when the failure starts in the code that decodes
 *       Parquet (parquet-mr, its Thrift, snappy or zstd) or is a {@code ParquetDecodingException}.
 *       Spark does not name the file when its metadata or a page past the first fails to decode:
 *       the message then says so and how to find it. Also any file whose bytes no longer match
 *       their Hadoop checksum ({@code ChecksumException}: local files, HDFS);
 *   <li>a file listed but gone when a task reads it ({@code SparkFileNotFoundException}, {@code
 *       _LEGACY_ERROR_TEMP_2055}): in a Parquet directory or missing from a Delta table;
 *   <li>a damaged file of a Delta log named by the failure: a commit that is not JSON ({@code
 *       MALFORMED_RECORD_IN_PARSING} under {@code _LEGACY_ERROR_TEMP_2064}), a checkpoint that is
 *       not Parquet;
 *   <li>a Parquet column whose type differs from the schema read from the other files ({@code
 *       _LEGACY_ERROR_TEMP_2063}, "Parquet column cannot be converted").
 * </ul>
 *
 * <p>{@link #explainReading} adds the damaged Delta logs whose errors do not name the table, for a
 * source that reads one table: missing commits ({@code DELTA_VERSIONS_NOT_CONTIGUOUS}, {@code
 * DELTA_TRUNCATED_TRANSACTION_LOG}), a checkpoint named by {@code _last_checkpoint} that is gone
 * with the commits before it ({@code DELTA_MISSING_PART_FILES}), a commit that is not JSON past its
 * first line. Not recognized, so exit 1: lost executors, out of memory, storage errors while
 * reading a file (a connection reset), a broken {@code OutputContract}, and anything else.
 */
public final class SparkFailures {
  private static final String FILE_NOT_FOUND = "_LEGACY_ERROR_TEMP_2055";
  private static final String CANNOT_READ_FILE = "_LEGACY_ERROR_TEMP_2064";
  private static final String COLUMN_NOT_CONVERTIBLE = "_LEGACY_ERROR_TEMP_2063";
  // Spark 4: one error class for a file a task cannot read, its subclass says why.
  private static final String FAILED_READ_FILE = "FAILED_READ_FILE";
  private static final String FILE_NOT_EXIST = FAILED_READ_FILE + ".FILE_NOT_EXIST";
  private static final String TYPE_MISMATCH =
      FAILED_READ_FILE + ".PARQUET_COLUMN_DATA_TYPE_MISMATCH";
  private static final String CANNOT_READ_FOOTER = "CANNOT_READ_FILE_FOOTER";
  private static final String MALFORMED_RECORD = "MALFORMED_RECORD_IN_PARSING";

  /** Packages whose exceptions mean undecodable bytes: Parquet, its Thrift, its usual codecs. */
  private static final List<String> DECODERS =
      List.of("org.apache.parquet.", "shaded.parquet.", "org.xerial.snappy.", "com.github.luben.");

  private static final Pattern NOT_PARQUET = Pattern.compile("^(.+) is not a Parquet file");
  private static final Pattern MISSING = Pattern.compile("^File (.+) does not exist");
  private static final Pattern CHECKSUM = Pattern.compile("^Checksum error: (.+) at \\d+ exp:");
  private static final String NOT_JSON = "is not valid JSON";
  private static final String DELTA_LOG = "/_delta_log/";
  private static final String RERUN = ", then rerun.";

  private SparkFailures() {}

  /** The bad input behind {@code failure}, if it is one of those listed above; else empty. */
  public static Optional<UserInputException> explain(Throwable failure) {
    return explanation(causes(failure), "read by the job")
        .map(message -> new UserInputException(message, failure));
  }

  /**
   * As {@link #explain}, for a failure while reading the table (or Parquet directory) at {@code
   * path}: also recognizes the damaged Delta logs whose errors do not name their table.
   */
  public static Optional<UserInputException> explainReading(Throwable failure, String path) {
    List<Throwable> chain = causes(failure);
    return explanation(chain, "under " + path)
        .or(() -> damagedLog(chain, path))
        .map(message -> new UserInputException(message, failure));
  }

  private static Optional<String> explanation(List<Throwable> chain, String where) {
    return chain.stream()
        .map(InputGuard::messageOf)
        .flatMap(Optional::stream)
        .findFirst()
        .or(() -> mismatchedColumn(chain))
        .or(() -> missingFile(chain))
        .or(() -> corruptFile(chain, where));
  }

  /** The failure and its causes, outermost first. */
  private static List<Throwable> causes(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  /** The parameters of the outermost error of {@code errorClass} (or one of its subclasses). */
  private static Optional<Map<String, String>> parameters(
      List<Throwable> chain, String errorClass) {
    return chain.stream()
        .filter(SparkThrowable.class::isInstance)
        .map(SparkThrowable.class::cast)
        .filter(t -> isClass(t, errorClass))
        .findFirst()
        .map(SparkThrowable::getMessageParameters);
  }

  private static boolean isClass(SparkThrowable t, String errorClass) {
    String actual = Objects.requireNonNullElse(t.getErrorClass(), "");
    return actual.equals(errorClass) || actual.startsWith(errorClass + ".");
  }

  private static Optional<String> mismatchedColumn(List<Throwable> chain) {
    return parameters(chain, COLUMN_NOT_CONVERTIBLE)
        .map(
            p ->
                mismatch(
                    p.get("filePath"),
                    p.get("column"),
                    p.get("physicalType"),
                    p.get("logicalType")))
        .or(
            () ->
                parameters(chain, TYPE_MISMATCH)
                    .map(
                        p ->
                            mismatch(
                                p.get("path"),
                                p.get("column"),
                                p.get("actualType"),
                                p.get("expectedType"))));
  }

  private static String mismatch(String path, String column, String stored, String expected) {
    return "Cannot read "
        + decoded(path)
        + ": it stores the column "
        + column.replaceAll("^\\[|]$", "").replace(", ", ".")
        + " as "
        + stored
        + ", where the schema read from the other files says "
        + expected
        + ". Rewrite it upstream with the same column types as the other files"
        + RERUN;
  }

  private static Optional<String> missingFile(List<Throwable> chain) {
    return parameters(chain, FILE_NOT_FOUND)
        .map(p -> p.get("message"))
        .map(
            message -> {
              Matcher file = MISSING.matcher(message);
              return file.find() ? file.group(1) : "a file (" + message + ")";
            })
        .or(() -> parameters(chain, FILE_NOT_EXIST).map(p -> decoded(p.get("path"))))
        .map(
            file ->
                "Cannot read "
                    + file
                    + ": it was listed for this run but no longer exists (deleted or replaced while"
                    + " the job ran, or deleted from a Delta table without a commit). Rerun; if it"
                    + " fails again, restore the file, or drop it from its Delta table's log with"
                    + " FSCK REPAIR TABLE"
                    + RERUN);
  }

  private static Optional<String> corruptFile(List<Throwable> chain, String where) {
    Throwable root = chain.get(chain.size() - 1);
    Optional<String> damage = damage(chain, root);
    if (damage.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> file =
        parameters(chain, CANNOT_READ_FILE)
            .or(() -> parameters(chain, FAILED_READ_FILE))
            .map(p -> decoded(p.get("path")))
            .or(() -> parameters(chain, CANNOT_READ_FOOTER).map(p -> p.get("file")))
            .or(() -> fileIn(root, NOT_PARQUET))
            .or(() -> fileIn(root, CHECKSUM));
    if (file.isPresent() || damage.get().equals(NOT_JSON)) {
      // A JSON line without its file is a Delta commit: explainReading names the table.
      return file.map(f -> damaged(f, damage.get()));
    }
    return Optional.of(
        "A file "
            + where
            + " "
            + damage.get()
            + " (truncated or corrupt), and Spark does not say which one. Find it by reading the"
            + " files one at a time (spark.read.parquet(file).collect()), restore it upstream"
            + RERUN);
  }

  /**
   * What is wrong with the bytes of a file, if the innermost cause says so: a file that does not
   * match its checksum, JSON or Parquet that does not decode. A failure of the storage itself (a
   * connection reset) is not damage: a rerun may pass.
   */
  private static Optional<String> damage(List<Throwable> chain, Throwable root) {
    // Delta reads its log in FAILFAST mode; the job's own CSV reads are permissive.
    if (parameters(chain, MALFORMED_RECORD).isPresent()) {
      return Optional.of(NOT_JSON);
    }
    if (root instanceof ChecksumException) {
      return Optional.of("does not match its checksum");
    }
    StackTraceElement[] frames = root.getStackTrace();
    boolean decoding =
        root instanceof ParquetDecodingException
            || frames.length > 0
                && DECODERS.stream().anyMatch(frames[0].getClassName()::startsWith);
    return decoding ? Optional.of("is not a valid Parquet file") : Optional.empty();
  }

  private static Optional<String> fileIn(Throwable root, Pattern pattern) {
    Matcher file = pattern.matcher(Objects.requireNonNullElse(root.getMessage(), ""));
    return file.find() ? Optional.of(file.group(1)) : Optional.empty();
  }

  private static String damaged(String file, String problem) {
    int log = file.indexOf(DELTA_LOG);
    if (log < 0) {
      return "Cannot read "
          + file
          + ": it "
          + problem
          + " (truncated or corrupt). Restore it upstream (or remove it, if its rows can be lost)"
          + RERUN;
    }
    return logDamage(file.substring(0, log), file + " " + problem + " (truncated or corrupt)");
  }

  private static Optional<String> damagedLog(List<Throwable> chain, String table) {
    return chain.stream()
        .filter(SparkThrowable.class::isInstance)
        .map(t -> logProblem((SparkThrowable) t))
        .flatMap(Optional::stream)
        .findFirst()
        .map(problem -> logDamage(table, problem));
  }

  private static Optional<String> logProblem(SparkThrowable t) {
    if (isClass(t, MALFORMED_RECORD)) {
      return Optional.of("a commit file is not valid JSON (truncated or corrupt)");
    }
    Map<String, String> p = t.getMessageParameters();
    return Optional.ofNullable(
        switch (Objects.requireNonNullElse(t.getErrorClass(), "")) {
          case "DELTA_VERSIONS_NOT_CONTIGUOUS" ->
              "commit files are missing (versions " + p.get("versionList") + " are not contiguous)";
          case "DELTA_TRUNCATED_TRANSACTION_LOG" ->
              "its first commit files are missing and no checkpoint replaces them";
          case "DELTA_MISSING_PART_FILES" ->
              "the checkpoint of version "
                  + p.get("version")
                  + " named by _last_checkpoint is missing or incomplete, and the commits before"
                  + " it are gone";
          default -> null;
        });
  }

  private static String logDamage(String table, String problem) {
    return "The Delta log of the table "
        + table
        + " is damaged: "
        + problem
        + ". Restore "
        + table
        + DELTA_LOG
        + " from a backup, or have the table rewritten upstream"
        + RERUN;
  }

  /** Spark reports some paths URL-encoded (file:///a%20b); show them as Hadoop prints paths. */
  private static String decoded(String path) {
    try {
      return new Path(new URI(path)).toString();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return path;
    }
  }
}
