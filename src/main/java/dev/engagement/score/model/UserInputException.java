package dev.engagement.score.model;

/**
 * A problem with what the user gave the job (paths, schemas, weights, configuration, dates). Its
 * message names the problem and the fix; {@code main} prints it without a stack trace and exits
 * with {@link #EXIT_CODE}.
 */
public class UserInputException extends RuntimeException {
  public static final int EXIT_CODE = 2;

  public UserInputException(String message) {
    super(message);
  }

  public UserInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
