package dev.engagement.score.cli;

import dev.engagement.score.model.UserInputException;

/**
 * The parsed command line of {@code preview-weights}: the proposed weight table, and the scoring
 * job's own flags ({@link CommandLine}: config overlays, dates, {@code --weights}, {@code
 * --set}...). {@code --top N} and {@code --report PATH} set {@code preview.top} and {@code
 * preview.report_path}, like the job's flags that override one key each.
 */
public record PreviewCommandLine(CommandLine job, String proposedWeights) {
  /** The first argument that selects this command. */
  public static final String NAME = "preview-weights";

  public static final String PROPOSED_WEIGHTS_FLAG = "--proposed-weights";

  /**
   * Parses the arguments after {@link #NAME}; throws {@link UserInputException} with the fix when
   * they are bad.
   */
  public static PreviewCommandLine parse(String[] args) {
    return Cli.parseCommand(NAME, args, Invocation.Preview.class).cli();
  }
}
