package dev.engagement.score.cli;

import dev.engagement.score.model.JobVersion;
import dev.engagement.score.model.UserInputException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The job's command line, parsed by picocli: {@code engagement-score [COMMAND] [FLAG]...} with the
 * commands {@code score} (the default: a first argument that is a flag means {@code score}), {@code
 * preview-weights}, {@code backtest} and {@code maintain}, and {@code -h/--help} and {@code
 * -V/--version} everywhere. Parsing needs no Spark: bad arguments fail in a second with a {@link
 * UserInputException} whose one-line message names the problem and the fix, and points to {@code
 * --help}.
 */
public final class Cli {
  /** The top-level command's name, as the help shows it. */
  public static final String NAME = JobVersion.NAME;

  private static final Set<String> TOP_LEVEL_FLAGS = Set.of("-h", "--help", "-V", "--version");

  /** A command's help: the usage line first, then its one-line header, as in the command list. */
  private static final List<String> SECTIONS =
      List.of(
          UsageMessageSpec.SECTION_KEY_SYNOPSIS_HEADING,
          UsageMessageSpec.SECTION_KEY_SYNOPSIS,
          UsageMessageSpec.SECTION_KEY_HEADER_HEADING,
          UsageMessageSpec.SECTION_KEY_HEADER,
          UsageMessageSpec.SECTION_KEY_DESCRIPTION_HEADING,
          UsageMessageSpec.SECTION_KEY_DESCRIPTION,
          UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING,
          UsageMessageSpec.SECTION_KEY_OPTION_LIST,
          UsageMessageSpec.SECTION_KEY_FOOTER_HEADING,
          UsageMessageSpec.SECTION_KEY_FOOTER);

  private Cli() {}

  /**
   * Parses a whole command line ({@code ScoreJob}'s arguments): what it asks for, or a {@link
   * UserInputException} saying what to fix.
   */
  public static Invocation parse(String... args) {
    return parseWhole(withCommand(args));
  }

  /**
   * The help text of {@code command} ({@link #NAME} for the top level), as {@code --help} prints
   * it.
   */
  public static String help(String command) {
    String[] args = command.equals(NAME) ? new String[] {"--help"} : new String[] {command, "-h"};
    return ((Invocation.Info) parseWhole(args)).text();
  }

  /**
   * Parses the arguments of one command, e.g. {@link CommandLine#COMMAND}: what it asks for, as
   * {@code type}. Help and version requests, which print text, are refused with that text.
   */
  static <T extends Invocation> T parseCommand(String command, String[] args, Class<T> type) {
    Invocation parsed = parseWhole(prepend(command, args));
    if (type.isInstance(parsed)) {
      return type.cast(parsed);
    }
    throw new UserInputException(((Invocation.Info) parsed).text());
  }

  /**
   * The arguments with the default command in front when they name none: every invocation from
   * before the commands existed ({@code --config x --date y}) means {@code score}. A first argument
   * that is not a flag is a command's name (a wrong one is reported with the nearest names); {@code
   * --help} or {@code --version} alone is the top level's.
   */
  static String[] withCommand(String[] args) {
    if (args.length > 0
        && (!args[0].startsWith("-") || (args.length == 1 && TOP_LEVEL_FLAGS.contains(args[0])))) {
      return args;
    }
    return prepend(CommandLine.COMMAND, args);
  }

  private static String[] prepend(String command, String[] args) {
    String[] all = new String[args.length + 1];
    all[0] = command;
    System.arraycopy(args, 0, all, 1, args.length);
    return all;
  }

  private static Invocation parseWhole(String[] args) {
    StringWriter text = new StringWriter();
    picocli.CommandLine commands = commands(text);
    ParseResult parsed;
    try {
      parsed = commands.parseArgs(args);
    } catch (ParameterException e) {
      throw UsageErrors.of(e);
    }
    if (picocli.CommandLine.printHelpIfRequested(parsed)) {
      return new Invocation.Info(text.toString().stripTrailing());
    }
    ParseResult leaf = parsed;
    while (leaf.subcommand() != null) {
      leaf = leaf.subcommand();
    }
    if (!(leaf.commandSpec().userObject() instanceof Commands.Subcommand command)) {
      throw new IllegalStateException("No command parsed from " + Arrays.toString(args));
    }
    try {
      return command.invocation();
    } catch (UserInputException e) {
      throw UsageErrors.withHelp(e, leaf.commandSpec().name());
    }
  }

  /**
   * A fresh parser (the commands record their flags as they are parsed) writing help to {@code
   * out}.
   */
  private static picocli.CommandLine commands(StringWriter out) {
    picocli.CommandLine commands = new picocli.CommandLine(new Commands.Top());
    // Each setting applies to every subcommand. Of a flag given twice the last wins, as before;
    // an argument starting with @ is a value, not a file of arguments to read.
    commands.setOverwrittenOptionsAllowed(true);
    commands.setExpandAtFiles(false);
    commands.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
    commands.setUsageHelpWidth(100);
    commands.setUsageHelpLongOptionsMaxWidth(26); // --proposed-weights=PATH on its own line
    commands.setOut(new PrintWriter(out, true));
    for (picocli.CommandLine command : commands.getSubcommands().values()) {
      command.setHelpSectionKeys(SECTIONS);
    }
    return commands;
  }
}
