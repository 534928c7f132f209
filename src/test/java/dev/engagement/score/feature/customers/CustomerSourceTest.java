package dev.engagement.score.feature.customers;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.config.SourceFormat;
import dev.engagement.score.model.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomerSourceTest extends SparkTestBase {
  @TempDir Path dir;

  private String csv(String content) throws IOException {
    return Files.writeString(dir.resolve("customers.csv"), content).toString();
  }

  private static CustomerSettings at(String path) {
    return new CustomerSettings(path, SourceFormat.AUTO, "customer_id", "active_from", "active_to");
  }

  @Test
  void readsDatesAsInclusiveBoundsAndTheSegment() throws IOException {
    String path =
        csv(
            "customer_id,active_from,active_to,plan\n"
                + "a,2026-01-01,,pro\n"
                + "b,,2026-09-30,free\n");
    assertDataFrameNoOrderEquals(
        df(
            CustomerSource.SCHEMA,
            new Object[] {"a", Date.valueOf("2026-01-01"), null, "pro"},
            new Object[] {"b", null, Date.valueOf("2026-09-30"), "free"}),
        CustomerSource.read(spark(), at(path), Optional.of("plan")));
  }

  @Test
  void badCustomersFailWithCountsAndTheFix() throws IOException {
    String p =
        csv(
            "customer_id,active_from,active_to\n"
                + "a,2026-01-01,\n"
                + "a,2026-02-01,\n"
                + ",2026-01-01,\n"
                + "c,soon,\n"
                + "d,2026-10-02,2026-10-01\n");
    assertThatThrownBy(() -> CustomerSource.read(spark(), at(p), Optional.empty()))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Invalid customers in "
                + p
                + ": 1 rows without a customer id (customer_id); 1 repeated customer ids (keep one"
                + " row per customer, e.g. 'a'); 1 active_from/active_to values that are not dates"
                + " (use DATE or YYYY-MM-DD text; empty: open); 1 customers whose active_to is"
                + " before their active_from. Fix the customer dimension, or unset"
                + " customers.path.");
    csv("id,active_from,active_to\na,,\n");
    assertThatThrownBy(() -> CustomerSource.read(spark(), at(p), Optional.empty()))
        .hasMessageStartingWith(
            "Cannot read customers from "
                + p
                + ": column 'customer_id' is missing (found [id, active_from, active_to]).");
  }

  @Test
  void aRowWithTooFewFieldsFailsInsteadOfReadingAsOpenEnded() throws IOException {
    // Spark's reader made the missing active_to null: an active customer forever.
    String p = csv("customer_id,active_from,active_to\na,2026-01-01,2026-06-30\nb,2026-01-01\n");
    assertThatThrownBy(() -> CustomerSource.read(spark(), at(p), Optional.empty()))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Cannot read customers from file:"
                + p
                + ": line 3 has 2 fields but the header has 3: b,2026-01-01. Every row needs a"
                + " value for each column (an empty value is nothing between two commas), and a"
                + " value that contains a line break must be quoted. Fix the file given by"
                + " customers.path.");
  }
}
