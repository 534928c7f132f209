package dev.engagement.score.backtest;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SourceFormat;
import dev.engagement.score.model.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutcomeSourceTest extends SparkTestBase {
  @TempDir Path dir;

  private String csv(String content) throws IOException {
    return Files.writeString(dir.resolve("outcomes.csv"), content).toString();
  }

  private static JobSettings.Backtest at(String path) {
    return new JobSettings.Backtest(Optional.of(path), SourceFormat.AUTO, 90, Optional.empty());
  }

  @Test
  void readsOutcomesWithTrimmedIdsAndDates() throws IOException {
    String path =
        csv("outcome_date,customer_id,outcome\n2026-12-01, a ,churned\n2027-01-15,b,renewed\n");
    assertDataFrameNoOrderEquals(
        df(
            Backtest.OUTCOMES,
            new Object[] {"a", "churned", Date.valueOf("2026-12-01")},
            new Object[] {"b", "renewed", Date.valueOf("2027-01-15")}),
        OutcomeSource.read(spark(), at(path)));
  }

  @Test
  void badOutcomesFailWithCountsAndTheFix() throws IOException {
    String p =
        csv(
            "customer_id,outcome,outcome_date\n"
                + "a,churned,2026-12-01\n"
                + "a,renewed,2026-12-01\n"
                + ",renewed,2026-12-02\n"
                + "c,Churned,2026-12-03\n"
                + "d,renewed,soon\n");
    assertThatThrownBy(() -> OutcomeSource.read(spark(), at(p)))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Invalid outcomes in "
                + p
                + ": 1 rows without a customer_id; 1 outcomes other than 'churned' or 'renewed'"
                + " (exact, lower case), e.g. 'Churned'; 1 outcome_date values that are not dates"
                + " (use DATE or YYYY-MM-DD); 1 repeated (customer_id, outcome_date) pairs (keep"
                + " one outcome per customer and day). Fix the outcome table"
                + " (backtest.outcomes.path).");
  }

  @Test
  void aMissingColumnOrTableOrSettingIsNamed() throws IOException {
    String p = csv("customer_id,status,outcome_date\na,churned,2026-12-01\n");
    assertThatThrownBy(() -> OutcomeSource.read(spark(), at(p)))
        .hasMessage(
            "Cannot read outcomes from "
                + p
                + ": column 'outcome' is missing (found [customer_id, status, outcome_date];"
                + " expected [customer_id, outcome, outcome_date]).");
    String empty = csv("customer_id,outcome,outcome_date\n");
    assertThatThrownBy(() -> OutcomeSource.read(spark(), at(empty)))
        .hasMessage(
            "Invalid outcomes in "
                + empty
                + ": no outcomes at all. Fix the outcome table (backtest.outcomes.path).");
    assertThatThrownBy(
            () ->
                OutcomeSource.read(
                    spark(),
                    new JobSettings.Backtest(
                        Optional.empty(), SourceFormat.AUTO, 90, Optional.empty())))
        .hasMessage(
            "Missing setting backtest.outcomes.path: pass --outcomes PATH (a table with columns"
                + " customer_id, outcome, outcome_date) or set it in a --config file.");
  }

  @Test
  void aRowWithTooManyFieldsFails() throws IOException {
    String p = csv("customer_id,outcome,outcome_date\na,churned,2026-12-01,late\n");
    assertThatThrownBy(() -> OutcomeSource.read(spark(), at(p)))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Cannot read backtest.outcomes from file:"
                + p
                + ": line 2 has 4 fields but the header has 3: a,churned,2026-12-01,late. A value"
                + " that contains a comma must be quoted (\"1,5\"), and decimals use a dot (1.5)."
                + " Fix the file given by backtest.outcomes.path.");
  }
}
