package dev.engagement.score.cli;

import dev.engagement.score.core.table.SparkFailures;
import dev.engagement.score.model.UserInputException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every command of the job runs: its arguments are parsed ({@link Cli}) and checked before
 * Spark starts (bad input fails in a second), then it runs in a UTC, Delta-enabled session and
 * prints what it returns as the last line of stdout. {@code --help}, {@code --version} and {@code
 * --print-config} print their text and start no Spark. Exit codes: 0 success (help, version and
 * settings included), 2 bad input (the message says what to fix, without a stack trace), 1 any
 * other failure.
 */
public final class Launcher {
  private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);
  private static final String SNAPSHOT_PARTITIONS = "spark.databricks.delta.snapshotPartitions";
  private static final String SMALL_TABLE_TASKS = "4";

  private Launcher() {}

  /** A command whose arguments are parsed: what it does once a session exists. */
  @FunctionalInterface
  public interface Prepared {
    /** Runs the command; the returned text is printed as the last line of stdout. */
    String run(SparkSession spark) throws Exception;
  }

  /**
   * A command done without Spark (e.g. {@code --print-config}): its output, printed as it is; no
   * session is started for it.
   */
  public record Done(String output) implements Prepared {
    @Override
    public String run(SparkSession spark) {
      return output;
    }
  }

  /**
   * What each command does with its parsed arguments (settings loaded and checked, still without
   * Spark): {@code ScoreJob} gives them, so that this package depends on no command's code.
   */
  public record Commands(
      Function<CommandLine, Prepared> score,
      Function<PreviewCommandLine, Prepared> preview,
      Function<CommandLine, Prepared> backtest,
      Function<CommandLine, Prepared> maintain) {

    private Prepared prepare(Invocation invocation) {
      if (invocation instanceof Invocation.Score s) {
        return score.apply(s.cli());
      }
      if (invocation instanceof Invocation.Preview p) {
        return preview.apply(p.cli());
      }
      if (invocation instanceof Invocation.Backtest b) {
        return backtest.apply(b.cli());
      }
      if (invocation instanceof Invocation.Maintain m) {
        return maintain.apply(m.cli());
      }
      throw new IllegalArgumentException("Not a command to run: " + invocation);
    }

    private static String appName(Invocation invocation) {
      if (invocation instanceof Invocation.Preview) {
        return Cli.NAME + "-" + PreviewCommandLine.NAME;
      }
      if (invocation instanceof Invocation.Backtest) {
        return Cli.NAME + " " + BacktestCommandLine.COMMAND;
      }
      if (invocation instanceof Invocation.Maintain) {
        return Cli.NAME + " " + Invocation.Maintain.COMMAND;
      }
      return Cli.NAME;
    }
  }

  /**
   * How a command ended.
   *
   * @param exitCode 0 success, 2 bad input, 1 any other failure
   * @param output on success what the command returned (its last stdout line), or the help or
   *     version text; on bad input the message saying what to fix
   */
  public record Outcome(int exitCode, String output) {}

  /**
   * Runs the command line {@code args} ({@code ScoreJob}'s arguments) with {@code commands}, prints
   * its output and returns its exit code, for {@code System.exit}.
   */
  public static int launch(String[] args, Commands commands) {
    return print(outcome(args, commands));
  }

  /**
   * {@link #launch(String[], Commands)} without printing: how the command line ended, its output
   * the help or version text, the last stdout line or the message saying what to fix.
   */
  public static Outcome outcome(String[] args, Commands commands) {
    Invocation invocation;
    try {
      invocation = Cli.parse(args);
    } catch (UserInputException e) {
      return new Outcome(UserInputException.EXIT_CODE, e.getMessage());
    }
    if (invocation instanceof Invocation.Info info) {
      return new Outcome(0, info.text());
    }
    String appName = Commands.appName(invocation);
    return outcome(appName, () -> run(appName, commands.prepare(invocation)));
  }

  private static String run(String appName, Prepared command) throws Exception {
    if (command instanceof Done done) {
      return done.output();
    }
    // A session that exists already is the platform's (a Databricks cluster, a notebook): the
    // command uses it and leaves it running.
    boolean ours =
        SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = session(appName);
    try {
      return command.run(spark);
    } finally {
      if (ours) {
        spark.stop();
      }
    }
  }

  /**
   * Set on Databricks clusters, whose JVM runs a jar task's main and more: a jar task must return
   * on success and throw on failure, never call {@code System.exit}.
   */
  public static final String PLATFORM_JVM = "DATABRICKS_RUNTIME_VERSION";

  /**
   * Ends the process with {@code exitCode} ({@code exit}: {@code System::exit}), unless the
   * platform owns the JVM ({@link #PLATFORM_JVM} in {@code env}): then returns on success and
   * throws on failure, so the platform marks the task failed and its JVM keeps running.
   */
  public static void end(int exitCode, Map<String, String> env, IntConsumer exit) {
    if (!env.containsKey(PLATFORM_JVM)) {
      exit.accept(exitCode);
    } else if (exitCode != 0) {
      throw new IllegalStateException(
          Cli.NAME
              + " failed with exit code "
              + exitCode
              + (exitCode == UserInputException.EXIT_CODE
                  ? " (bad input: the ERROR line above says what to fix)"
                  : " (the log above has the error)"));
    }
  }

  private static int print(Outcome outcome) {
    if (outcome.exitCode() == 0) {
      System.out.println(outcome.output());
    } else if (outcome.exitCode() == UserInputException.EXIT_CODE) {
      System.err.println("ERROR: " + outcome.output());
    }
    return outcome.exitCode();
  }

  /**
   * Runs {@code command} and maps how it ended to an exit code: bad input is 2 (a {@link
   * UserInputException}, or input trouble that surfaced inside Spark: a corrupt or vanished file, a
   * damaged Delta log, the overflow guard, see {@link SparkFailures}), anything else 1, logged with
   * its stack trace.
   */
  public static Outcome outcome(String appName, Callable<String> command) {
    try {
      return new Outcome(0, command.call());
    } catch (UserInputException e) {
      return new Outcome(UserInputException.EXIT_CODE, e.getMessage());
    } catch (Exception e) { // Spark's AnalysisException is checked in Java's eyes
      Optional<UserInputException> input = SparkFailures.explain(e);
      if (input.isPresent()) {
        LOG.debug("The {} command met bad input inside Spark", appName, e);
        return new Outcome(UserInputException.EXIT_CODE, input.get().getMessage());
      }
      LOG.error("The {} command failed", appName, e);
      return new Outcome(1, String.valueOf(e.getMessage()));
    }
  }

  private static SparkSession session(String appName) {
    return SparkSession.builder()
        .appName(appName)
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        // Delta rebuilds a table's state with this many tasks, 50 by default for logs of millions
        // of files; the job's tables hold a few files per period, and 50 tasks cost ~6 s per run
        // on 2 cores. A --conf (spark-submit, the DAG) wins.
        .config(SNAPSHOT_PARTITIONS, new SparkConf().get(SNAPSHOT_PARTITIONS, SMALL_TABLE_TASKS))
        .getOrCreate();
  }
}
