package dev.engagement.score.preview;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.core.table.ScoreTable;
import java.util.Map;

/**
 * The report of the {@code preview-weights} command ({@code preview.report_path}): the
 * tier-migration matrix and the top movers in long format ({@link
 * WeightChangePreview#REPORT_SCHEMA}), written like the score table ({@link ScoreTable}:
 * partitioned by {@code period_start}, a preview replaces exactly the rows of its periods in one
 * commit, reader protocol 1). See docs/weight-preview.md.
 */
public final class PreviewReportTable {
  /** Written through {@link ScoreTable}: check and period-replacing write. */
  public static final ScoreTable.Layout LAYOUT =
      new ScoreTable.Layout(
          WeightChangePreview.REPORT_SCHEMA,
          "Tier migration and top movers between the current and proposed weights, written by the"
              + " engagement-score preview-weights command",
          Map.of(
              "section_known", "section IN ('migration', 'mover')",
              "period_in_order", "period_end >= period_start"),
          1,
          WeightChangePreview.REPORT_SCHEMA.fields().length,
          "report",
          "weight-preview report",
          ConfigKeys.PREVIEW_REPORT_PATH + " (--report)");

  private PreviewReportTable() {}
}
