package dev.engagement.score.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.core.table.AppendTable;
import dev.engagement.score.core.table.TableLocation;
import dev.engagement.score.model.Period;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit table's config column: the effective settings, appended to older tables too. */
class RunLogTest extends SparkTestBase {
  @TempDir Path dir;

  private static final String CONFIG = "engagement {\n  period = \"month\"\n}\n";

  private static RunLog.Start start(String runId) {
    return new RunLog.Start(
        runId,
        Instant.parse("2026-11-01T03:00:00Z"),
        List.of(new Period("month", LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-31"))),
        "/o",
        new RunLog.Settings("hash-1", CONFIG),
        "weights-1");
  }

  @Test
  void theConfigColumnIsAppendedToAnAuditTableThatPredatesIt() {
    String path = dir.resolve("o_runs").toString();
    // An audit table of a version without the config column: its first 17 columns.
    StructType older = new StructType(Arrays.copyOfRange(RunLog.SCHEMA.fields(), 0, 17));
    Row old = RowFactory.create(Arrays.copyOfRange(rowValues(RunLog.started(start("r0"))), 0, 17));
    spark()
        .createDataFrame(List.of(old), older)
        .write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .save(path);
    assertThat(spark().read().format("delta").load(path).columns()).doesNotContain("config");

    TableLocation audit = TableLocation.path(path);
    AppendTable.check(spark(), audit, RunLog.SCHEMA, "audit", "audit.path", "audit table");
    RunLog.append(spark(), audit, RunLog.started(start("r1")));

    List<Row> rows =
        spark()
            .read()
            .format("delta")
            .load(path)
            .select("run_id", "config_hash", "config")
            .orderBy("run_id")
            .collectAsList();
    assertThat(rows)
        .containsExactly(
            RowFactory.create("r0", "hash-1", null), RowFactory.create("r1", "hash-1", CONFIG));
  }

  private static Object[] rowValues(Row row) {
    Object[] values = new Object[row.length()];
    for (int i = 0; i < row.length(); i++) {
      values[i] = row.get(i);
    }
    return values;
  }
}
