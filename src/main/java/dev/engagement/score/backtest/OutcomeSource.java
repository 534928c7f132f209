package dev.engagement.score.backtest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.table.SmallTable;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.UserInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads and validates the outcome table of a backtest ({@code backtest.outcomes.path}): columns
 * {@code customer_id}, {@code outcome} ({@code churned} or {@code renewed}, exactly) and {@code
 * outcome_date} (DATE, or yyyy-MM-dd text), at most one outcome per customer and day. Problems fail
 * the command, with their counts, before any score is read.
 */
public final class OutcomeSource {
  private OutcomeSource() {}

  /** The outcome table's path, or a message saying how to set it: checked before Spark starts. */
  public static String path(JobSettings.Backtest backtest) {
    return backtest
        .outcomesPath()
        .orElseThrow(
            () ->
                new UserInputException(
                    "Missing setting "
                        + ConfigKeys.BACKTEST_OUTCOMES_PATH
                        + ": pass --outcomes PATH (a table with columns customer_id, outcome,"
                        + " outcome_date) or set it in a --config file."));
  }

  /** The validated outcomes, as {@link Backtest#OUTCOMES}. */
  public static Dataset<Row> read(SparkSession spark, JobSettings.Backtest backtest) {
    String path = path(backtest);
    Dataset<Row> raw =
        SmallTable.read(
            spark,
            path,
            backtest.outcomesFormat(),
            "backtest.outcomes",
            ConfigKeys.BACKTEST_OUTCOMES_PATH);
    List<String> columns = Arrays.asList(raw.columns());
    for (String name : Backtest.OUTCOMES.fieldNames()) {
      if (!columns.contains(name)) {
        throw new UserInputException(
            "Cannot read outcomes from "
                + path
                + ": column '"
                + name
                + "' is missing (found "
                + columns
                + "; expected "
                + Arrays.asList(Backtest.OUTCOMES.fieldNames())
                + ").");
      }
    }
    Dataset<Row> outcomes =
        raw.select(
            trim(col(Columns.CUSTOMER_ID).cast(DataTypes.StringType)).as(Columns.CUSTOMER_ID),
            col(Columns.OUTCOME).cast(DataTypes.StringType).as(Columns.OUTCOME),
            expr("try_cast(" + Columns.OUTCOME_DATE + " AS DATE)").as(Columns.OUTCOME_DATE));
    validate(outcomes, path);
    return outcomes;
  }

  private static void validate(Dataset<Row> outcomes, String path) {
    Column id = col(Columns.CUSTOMER_ID);
    Column outcome = col(Columns.OUTCOME);
    Column unknown =
        outcome.isNull().or(outcome.isin(Backtest.CHURNED, Backtest.RENEWED).unary_$bang());
    Row counts =
        outcomes
            .agg(
                count(lit(1)),
                sum(when(id.isNull().or(id.equalTo("")), 1L).otherwise(0L)),
                sum(when(unknown, 1L).otherwise(0L)),
                sum(when(col(Columns.OUTCOME_DATE).isNull(), 1L).otherwise(0L)),
                countDistinct(id, col(Columns.OUTCOME_DATE)),
                count(when(id.notEqual(""), col(Columns.OUTCOME_DATE))))
            .first();
    long rows = counts.getLong(0);
    List<String> problems = new ArrayList<>();
    if (rows == 0) {
      problems.add("no outcomes at all");
    } else {
      long blank = counts.getLong(1);
      long badOutcomes = counts.getLong(2);
      long badDates = counts.getLong(3);
      long repeated = counts.getLong(5) - counts.getLong(4);
      if (blank > 0) {
        problems.add(blank + " rows without a customer_id");
      }
      if (badOutcomes > 0) {
        problems.add(
            badOutcomes
                + " outcomes other than '"
                + Backtest.CHURNED
                + "' or '"
                + Backtest.RENEWED
                + "' (exact, lower case), e.g. '"
                + outcomes.where(unknown).first().get(1)
                + "'");
      }
      if (badDates > 0) {
        problems.add(badDates + " outcome_date values that are not dates (use DATE or YYYY-MM-DD)");
      }
      if (repeated > 0) {
        problems.add(
            repeated
                + " repeated (customer_id, outcome_date) pairs (keep one outcome per customer and"
                + " day)");
      }
    }
    if (!problems.isEmpty()) {
      throw new UserInputException(
          "Invalid outcomes in "
              + path
              + ": "
              + String.join("; ", problems)
              + ". Fix the outcome table ("
              + ConfigKeys.BACKTEST_OUTCOMES_PATH
              + ").");
    }
  }
}
