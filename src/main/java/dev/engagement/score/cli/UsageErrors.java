package dev.engagement.score.cli;

import dev.engagement.score.model.UserInputException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Picocli's parse errors as the job reports bad input: one line naming the problem and the fix (for
 * a mistyped flag or command, the nearest few names), then where the help is.
 */
final class UsageErrors {
  /** How many of picocli's suggestions a message names. */
  private static final int SUGGESTIONS = 3;

  private UsageErrors() {}

  /** {@code e} as bad input, its message pointing to the help of the command it belongs to. */
  static UserInputException of(ParameterException e) {
    picocli.CommandLine command = e.getCommandLine();
    String problem;
    if (e.getCause() instanceof UserInputException input) { // thrown by a flag's setter
      problem = input.getMessage();
    } else if (e instanceof UnmatchedArgumentException unmatched) {
      problem = unmatched(unmatched, command.getParent() == null);
    } else if (e instanceof MissingParameterException missing) {
      problem = missing(missing);
    } else {
      problem = e.getMessage();
    }
    return new UserInputException(withHelp(problem, command.getCommandName()), e);
  }

  /** {@code e}'s message followed by where the help of {@code command} is. */
  static UserInputException withHelp(UserInputException e, String command) {
    return new UserInputException(withHelp(e.getMessage(), command), e);
  }

  private static String withHelp(String problem, String command) {
    String text = problem.strip();
    String end = text.endsWith(".") || text.endsWith("?") ? " " : ". ";
    String help = command.equals(Cli.NAME) ? "--help" : command + " --help";
    return text + end + "See " + help + ".";
  }

  private static String unmatched(UnmatchedArgumentException e, boolean topLevel) {
    String arg = e.getUnmatched().get(0);
    if (topLevel) {
      List<String> nearest = nearestCommands(arg, e.getSuggestions());
      return "Unknown command '"
          + arg
          + "': "
          + (nearest.isEmpty()
              ? "use " + or(List.copyOf(e.getCommandLine().getSubcommands().keySet()))
              : "did you mean " + or(nearest) + "?");
    }
    if (!arg.startsWith("-")) {
      return "Unexpected argument '"
          + arg
          + "': every value follows its flag (quote a value with spaces, e.g. --reason"
          + " \"weights review\")";
    }
    int eq = arg.indexOf('=');
    String flag = eq > 0 ? arg.substring(0, eq) : arg;
    List<String> nearest =
        nearestFlags(flag, e.getSuggestions(), e.getCommandLine().getCommandSpec().optionsMap());
    return "Unknown flag "
        + flag
        + (nearest.isEmpty() ? ": remove it" : ": did you mean " + or(nearest) + "?");
  }

  /**
   * The flags nearest to {@code flag}: picocli's suggestions (the flags that start with the same
   * two letters) and the flags a typo or two away ({@code --wieghts}: {@code --weights}), nearest
   * first.
   */
  private static List<String> nearestFlags(
      String flag, List<String> suggested, Map<String, OptionSpec> options) {
    Set<String> names = new LinkedHashSet<>(suggested);
    for (String name : options.keySet()) {
      if (name.startsWith("--") && Typos.close(flag, name)) {
        names.add(name);
      }
    }
    return Typos.nearestFirst(flag, names, SUGGESTIONS);
  }

  /**
   * Of picocli's suggested commands (by letter pairs in common), those a typo or two away or with
   * the same first two letters, nearest first.
   */
  private static List<String> nearestCommands(String command, List<String> suggested) {
    String start = command.substring(0, Math.min(2, command.length()));
    List<String> near =
        suggested.stream().filter(n -> n.startsWith(start) || Typos.close(command, n)).toList();
    return Typos.nearestFirst(command, near, SUGGESTIONS);
  }

  private static String missing(MissingParameterException e) {
    List<ArgSpec> missing = e.getMissing();
    if (missing == null || missing.isEmpty() || !(missing.get(0) instanceof OptionSpec option)) {
      return e.getMessage();
    }
    String flag = option.longestName();
    return "Flag " + flag + " needs a value: " + flag + " " + option.paramLabel();
  }

  /** "a", "a or b", "a, b or c". */
  private static String or(List<String> names) {
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " or "
        + names.get(names.size() - 1);
  }
}
