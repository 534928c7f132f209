package dev.engagement.score.core.events;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;

import java.util.Optional;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Column;

/**
 * Checks of the input that can only run inside Spark, on every row (a raw score that could pass the
 * 64-bit limit): a failed one fails the job like any {@code raise_error}, but its message is marked
 * so that {@code SparkFailures} reports it as bad input (exit 2, no stack trace). The internal
 * invariants ({@link OutputContract}) use a plain {@code raise_error}: breaking one is a bug, which
 * must stay exit 1.
 */
public final class InputGuard {
  /**
   * Starts every failed guard's message. Spark 3.5's {@code raise_error} throws a plain {@code
   * RuntimeException} with the message as its only content (Spark 4 wraps it, below), so the mark
   * has to be text; it reads naturally where an unexplained failure shows it (a stack trace).
   */
  static final String TAG = "[bad input] ";

  private static final String USER_RAISED = "USER_RAISED_EXCEPTION";
  private static final String RAISED_MESSAGE = "errorMessage";

  private InputGuard() {}

  /** Fails the job with {@code message}, which names the row's customer and period and the fix. */
  public static Column fail(Column message) {
    return raise_error(concat(lit(TAG), message));
  }

  /**
   * The message of a failed guard, without the mark; empty for any other throwable. Spark 4 raises
   * it as the {@code errorMessage} parameter of a {@code USER_RAISED_EXCEPTION} error, whose
   * message adds the error class around it.
   */
  public static Optional<String> messageOf(Throwable thrown) {
    String message =
        thrown instanceof SparkThrowable error
                && USER_RAISED.equals(error.getErrorClass())
                && error.getMessageParameters().containsKey(RAISED_MESSAGE)
            ? error.getMessageParameters().get(RAISED_MESSAGE)
            : thrown.getMessage();
    return message != null && message.startsWith(TAG)
        ? Optional.of(message.substring(TAG.length()))
        : Optional.empty();
  }
}
