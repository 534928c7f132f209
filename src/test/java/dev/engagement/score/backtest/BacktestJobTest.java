package dev.engagement.score.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.ScoreJob;
import dev.engagement.score.SparkTestBase;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SettingsLoader;
import dev.engagement.score.model.Period;
import dev.engagement.score.model.UserInputException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backtest end to end on the shipped example data (conf/example.conf), whose outcomes carry a
 * planted signal (examples/make_example_data.py: support tickets raise the odds of churn, projects
 * lower them): the command must find it.
 */
@Tag("job")
class BacktestJobTest extends SparkTestBase {
  @TempDir Path dir;

  private static final String EXAMPLE = "conf/example.conf";

  @Test
  void theExampleScoresPredictChurnAndThePlantedSignalIsRecovered() {
    String scores = dir.resolve("scores").toString();
    String report = dir.resolve("report").toString();
    Map<String, String> overrides = new HashMap<>();
    overrides.put("output.path", scores);
    overrides.put("rejects.path", "");
    overrides.put("events.max_days_ahead", "3650"); // the example data runs to 2026-11-30
    JobSettings settings = SettingsLoader.load(List.of(EXAMPLE), overrides);
    List<Period> periods =
        settings
            .calendar()
            .overlapping(LocalDate.parse("2026-09-01"), LocalDate.parse("2026-11-30"));
    ScoreJob.run(spark(), settings, periods);

    BacktestJob.Result result =
        BacktestJob.preview(
            spark(),
            List.of(
                "--config", EXAMPLE.toString(),
                "--output", scores,
                "--set", "events.max_days_ahead=3650",
                "--outcomes", "examples/data/outcomes.csv",
                "--from", "2026-09-01",
                "--to", "2026-11-30",
                "--report", report));

    Map<String, Object> summary = result.summary();
    // 41 customers x 3 months, less acme-145 outside October: 121 rows. The numbers quoted in
    // docs/backtesting.md.
    assertThat(summary)
        .containsEntry("rows_scored", 121L)
        .containsEntry("rows_labelled", 97L)
        .containsEntry("churned", 34L)
        .containsEntry("auc", "0.871849");
    assertThat(new BigDecimal((String) summary.get("auc"))).isGreaterThan(new BigDecimal("0.7"));
    Map<String, BigDecimal> suggested =
        result.weights().collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r.getDecimal(3)));
    assertThat(suggested.get("project_added")).as("planted: projects lower churn").isPositive();
    assertThat(suggested.get("support_ticket_opened")).as("planted: tickets raise it").isNegative();
    assertThat(result.summaryJson())
        .startsWith("{\"status\":\"ok\",\"period_kind\":\"month\"")
        .contains("\"report_version\":0"); // the report is created with its first rows
    // 1 overall row, 5 tiers, 10 deciles, 8 event types.
    List<Row> sections =
        spark().read().format("delta").load(report).groupBy("section").count().collectAsList();
    assertThat(sections.stream().collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1))))
        .isEqualTo(Map.of("overall", 1L, "tier", 5L, "decile", 10L, "weight", 8L));
    assertThat(result.text()).contains("AUC of raw_score predicting no churn: 0.871849");

    assertThatThrownBy(
            () ->
                BacktestJob.preview(
                    spark(),
                    List.of(
                        "--config", EXAMPLE.toString(),
                        "--output", scores,
                        "--outcomes", "examples/data/outcomes.csv",
                        "--from", "2026-09-01",
                        "--to", "2026-09-30",
                        "--horizon-days", "30")))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "The backtest needs both churned and renewed rows, but of 40 scored rows 0 have an"
                + " outcome within 30 days of their period's end and 0 of those churned. Check the"
                + " outcome dates against --from/--to and --horizon-days.");
  }
}
