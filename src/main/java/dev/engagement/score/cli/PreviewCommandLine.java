package dev.engagement.score.cli;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.model.UserInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@code preview-weights}: the proposed weight table, and the scoring job's own
 * flags ({@link CommandLine}: config overlays, dates, {@code --weights}, {@code --set}...). {@code
 * --top N} and {@code --report PATH} set {@code preview.top} and {@code preview.report_path}, like
 * the job's flags that override one key each.
 */
public record PreviewCommandLine(CommandLine job, String proposedWeights) {
  /** The first argument that selects this command. */
  public static final String NAME = "preview-weights";

  public static final String PROPOSED_WEIGHTS_FLAG = "--proposed-weights";

  private static final Map<String, String> SETTING_FLAGS =
      Map.of("--top", ConfigKeys.PREVIEW_TOP, "--report", ConfigKeys.PREVIEW_REPORT_PATH);

  public static final String USAGE =
      """
      Usage: engagement-score preview-weights --proposed-weights PATH [--top N] [--report PATH]
                              [--config FILE]... [--date YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD]
                              [any other flag of the scoring job, e.g. --weights PATH, --set KEY=VALUE]
        --proposed-weights PATH  weight table to compare with weights.path: CSV, Parquet or Delta,
                        read with weights.format and checked like the weights
        --top N         list the N customers per period whose raw score changes most (preview.top)
        --report PATH   also write the matrix and the movers to this Delta table (preview.report_path)
      Scores the period(s) with both weight tables from one read of the events and writes no score
      table. Prints the tier-migration matrix and the movers, then a one-line JSON summary.""";

  public static PreviewCommandLine parse(String[] args) {
    List<String> job = new ArrayList<>();
    String proposed = null;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      int eq = flag.indexOf('=');
      String name = flag.startsWith("--") && eq > 0 ? flag.substring(0, eq) : flag;
      if (!name.equals(PROPOSED_WEIGHTS_FLAG) && !SETTING_FLAGS.containsKey(name)) {
        job.add(flag);
        continue;
      }
      String value;
      if (eq > 0) {
        value = flag.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new UserInputException("Flag " + name + " needs a value.\n" + USAGE);
      }
      if (name.equals(PROPOSED_WEIGHTS_FLAG)) {
        proposed = value.strip();
      } else {
        job.add("--set");
        job.add(SETTING_FLAGS.get(name) + "=" + value);
      }
    }
    if (proposed == null || proposed.isEmpty()) {
      throw new UserInputException(
          NAME
              + " needs "
              + PROPOSED_WEIGHTS_FLAG
              + " PATH: the weight table to compare with the current weights (weights.path).\n"
              + USAGE);
    }
    return new PreviewCommandLine(CommandLine.parse(job.toArray(String[]::new)), proposed);
  }
}
