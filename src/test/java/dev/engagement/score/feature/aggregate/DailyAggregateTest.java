package dev.engagement.score.feature.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.model.DateSpan;
import dev.engagement.score.model.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DailyAggregateTest extends SparkTestBase {
  @TempDir Path dir;

  private static final StructType COUNTS =
      new StructType(java.util.Arrays.copyOf(DailyAggregate.SCHEMA.fields(), 5));

  private static LocalDate d(String day) {
    return LocalDate.parse(day);
  }

  private Dataset<Row> counts(Object[]... rows) {
    return spark().createDataFrame(List.of(rows).stream().map(RowFactory::create).toList(), COUNTS);
  }

  @Test
  void storedDaysAreFoundUnderTheirHashOnlyEvenWithoutEvents() {
    String path = dir.resolve("daily").toString();
    Dataset<Row> oct1 = counts(new Object[] {"c1", Date.valueOf("2026-10-01"), "login", null, 3L});
    DailyAggregate.write(oct1, path, new DateSpan(d("2026-10-01"), d("2026-10-02")), "h1", "run");

    DateSpan october = new DateSpan(d("2026-10-01"), d("2026-10-31"));
    // Oct 2 had no events and is stored all the same; another hash finds nothing.
    assertThat(DailyAggregate.storedDays(spark(), path, october, "h1"))
        .containsExactlyInAnyOrder(d("2026-10-01"), d("2026-10-02"));
    assertThat(DailyAggregate.storedDays(spark(), path, october, "h2")).isEmpty();
    assertDataFrameNoOrderEquals(oct1, DailyAggregate.read(spark(), path, october));
  }

  @Test
  void aPathThatIsNotADailyAggregateIsRefused() throws IOException {
    Path other = Files.createDirectories(dir.resolve("other"));
    Files.writeString(other.resolve("data.csv"), "a,b\n");
    assertThatThrownBy(() -> DailyAggregate.check(spark(), other.toString()))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("exists but is not a Delta table")
        .hasMessageContaining("(it holds 1 entry: data.csv)")
        .hasMessageContaining("--aggregate");
    String foreign = dir.resolve("foreign").toString();
    spark().range(1).write().format("delta").save(foreign);
    assertThatThrownBy(() -> DailyAggregate.check(spark(), foreign))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("is not a daily aggregate of this job")
        .hasMessageContaining("--aggregate");
    assertThat(DailyAggregate.check(spark(), dir.resolve("new").toString())).endsWith("/new");
  }
}
