package dev.engagement.score.core.table;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.engagement.score.JobTestBase;
import dev.engagement.score.ScoreJob;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.scoring.OutputRows;
import dev.engagement.score.model.JobVersion;
import dev.engagement.score.model.UserInputException;
import dev.engagement.score.run.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The score table and its audit table as the whole job writes them: created, labelled, upgraded,
 * registered in the catalog, guarded against foreign tables and bad rows, and audited per run.
 */
class ScoreTableJobTest extends JobTestBase {
  /** Schema version 1 had 11 columns (OutputRows.VERSION_1_COLUMNS), version 2 had 20. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {11, 20})
  void aTableOfAnEarlierVersionIsUpgradedInPlace(int columns) {
    StructType old = new StructType(java.util.Arrays.copyOf(OutputRows.SCHEMA.fields(), columns));
    io.delta.tables.DeltaTable.create(spark())
        .location(output)
        .addColumns(old)
        .partitionedBy("period_start")
        .property("engagement.schema_version", columns == 11 ? "1" : "2")
        .execute();
    Object[] row = new Object[columns];
    System.arraycopy(
        new Object[] {
          "old",
          "month",
          Date.valueOf("2026-09-01"),
          Date.valueOf("2026-09-30"),
          1L,
          d("1"),
          null,
          "disengaged",
          Timestamp.from(Instant.EPOCH),
          "0.1",
          "r0"
        },
        0,
        row,
        0,
        11);
    df(old, row).write().format("delta").mode("append").save(output);
    score("2026-10-15");
    assertThat(table().columns()).containsExactly(OutputRows.SCHEMA.fieldNames());
    assertThat(properties())
        .containsEntry("engagement.schema_version", String.valueOf(OutputRows.SCHEMA_VERSION));
    // September's row, written by the earlier version, is untouched, with nulls in the new
    // columns.
    Row september = table().filter(col("customer_id").equalTo("old")).first();
    assertThat(september.<String>getAs("run_id")).isEqualTo("r0");
    assertThat(september.<String>getAs("weights_version")).isNull();
    assertThat(september.<Boolean>getAs("provisional")).isNull();
    assertThat(table().filter(col("period_start").equalTo(OCT_1)).count()).isEqualTo(4);
  }

  @Test
  void theTableStaysReadableByCommonReaders() {
    sharedOctober();
    Row detail = spark().sql("DESCRIBE DETAIL delta.`" + output + "`").first();
    assertThat(detail.<Integer>getAs("minReaderVersion")).isEqualTo(1);
    assertThat(detail.<Integer>getAs("minWriterVersion")).isEqualTo(3); // CHECK constraints
    assertThat(detail.<String, String>getJavaMap(detail.fieldIndex("properties")))
        .containsEntry("delta.enableDeletionVectors", "false");
    assertThat(detail.getList(detail.fieldIndex("partitionColumns")))
        .containsExactly("period_start");
    assertThat(table().schema().apply("scored_at").dataType()).isEqualTo(DataTypes.TimestampType);
    // The columns themselves are frozen by OutputSchemaContractTest.
    assertThat(table().columns()).containsExactly(OutputRows.SCHEMA.fieldNames());
    assertThat(table().schema().simpleString()).doesNotContain("timestamp_ntz");
  }

  @Test
  void theTableCarriesItsCommentsAndLatestJobAndWeightsVersions() throws IOException {
    RunSummary first = score("2026-10-15");
    // The first run writes its rows (creating the table), then labels it: comment, schema, job.
    assertThat(first.outputVersion()).isZero();
    long version = ScoreTable.version(spark(), TableLocation.path(output));
    assertThat(version).isEqualTo(1);

    assertThat(properties())
        .containsEntry("engagement.schema_version", "3")
        .containsEntry("engagement.job_version", JobVersion.VALUE)
        .containsEntry("engagement.weights_hash", first.weightsHash());
    assertThat(table().schema().apply("raw_score").getComment().get())
        .isEqualTo("Exact sum of weight x count over the period's events");
    assertThat(
            spark()
                .sql("DESCRIBE DETAIL delta.`" + output + "`")
                .first()
                .<String>getAs("description"))
        .startsWith("Weighted engagement score per customer and period");
    // Same weights: no metadata commit. New weights: one, after the data commit.
    assertThat(score("2026-10-15").outputVersion()).isEqualTo(version + 1);
    writeWeights("2");
    RunSummary changed = score("2026-10-15");
    assertThat(changed.outputVersion()).isEqualTo(version + 2);
    assertThat(ScoreTable.version(spark(), TableLocation.path(output))).isEqualTo(version + 3);
    assertThat(properties()).containsEntry("engagement.weights_hash", changed.weightsHash());
    assertThat(changed.weightsHash()).isNotEqualTo(first.weightsHash());
    // Rescoring with new weights is recorded: the versions written and the versions replaced.
    assertThat(first.weightsVersions()).containsExactly(first.weightsHash());
    assertThat(first.replacedWeightsVersions()).isEmpty();
    assertThat(changed.weightsVersions()).containsExactly(changed.weightsHash());
    assertThat(changed.replacedWeightsVersions()).containsExactly(first.weightsHash());
    Row audit =
        spark()
            .read()
            .format("delta")
            .load(output + "_runs")
            .filter(col("run_id").equalTo(changed.runId()))
            .first();
    assertThat(audit.<String>getList(audit.fieldIndex("replaced_weights_versions")))
        .containsExactly(first.weightsHash());
  }

  @Test
  void aConfiguredCatalogNameRegistersTheTableForBiTools() {
    spark().sql("CREATE DATABASE IF NOT EXISTS bi");
    try {
      JobSettings s = settings(Map.of("catalog.table", "bi.engagement_scores"));
      ScoreJob.run(spark(), s, octoberOnly());

      assertThat(
              spark()
                  .sql("DESCRIBE TABLE bi.engagement_scores")
                  .filter(col("col_name").equalTo("tier"))
                  .first()
                  .<String>getAs("comment"))
          .isEqualTo("Engagement tier from the configured rules");
      assertThat(spark().sql("SELECT count(*) FROM bi.engagement_scores").first().getLong(0))
          .isEqualTo(4);
      assertThat(
              spark()
                  .sql("SHOW TBLPROPERTIES bi.engagement_scores ('engagement.job_version')")
                  .first()
                  .<String>getAs("value"))
          .isEqualTo(JobVersion.VALUE);
      ScoreJob.run(spark(), s, octoberOnly()); // registered already: fine
      // A three-part name, catalog.schema.table as Unity Catalog names tables: the same table.
      ScoreJob.run(
          spark(),
          settings(Map.of("catalog.table", "spark_catalog.bi.engagement_scores")),
          octoberOnly());
      assertThat(
              spark()
                  .sql("SELECT count(*) FROM spark_catalog.bi.engagement_scores_latest_month")
                  .first()
                  .getLong(0))
          .isEqualTo(4);

      String elsewhere = dir.resolve("elsewhere").toString();
      JobSettings clash =
          settings(Map.of("catalog.table", "bi.engagement_scores", "output.path", elsewhere));
      assertThatThrownBy(() -> ScoreJob.run(spark(), clash, octoberOnly()))
          .isInstanceOf(UserInputException.class)
          .hasMessageContaining("catalog.table bi.engagement_scores already names the table at")
          .hasMessageContaining("Choose another catalog.table");
      assertThat(dir.resolve("elsewhere")).as("nothing written").doesNotExist();
      assertThatThrownBy(
              () ->
                  ScoreJob.run(spark(), settings(Map.of("catalog.table", "nodb.t")), octoberOnly()))
          .hasMessage(
              "catalog.table nodb.t: the database nodb does not exist. Create it (CREATE DATABASE"
                  + " nodb) or fix catalog.table.");
    } finally {
      spark().sql("DROP DATABASE bi CASCADE");
    }
  }

  @Test
  void anOutputPathThatIsNotADeltaTableIsNeverOverwritten() throws IOException {
    Path foreign = Files.createDirectories(Path.of(output));
    Files.writeString(foreign.resolve("report.csv"), "keep me");
    assertThatThrownBy(() -> score("2026-10-15"))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("exists but is not a Delta table; refusing to overwrite it");
    try (var files = Files.list(foreign)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("report.csv");
    }
  }

  @Test
  void aDeltaTableWithAnotherSchemaIsNeverOverwritten() throws IOException {
    df(new StructType().add("customer_id", DataTypes.StringType), new Object[] {"x"})
        .write()
        .format("delta")
        .save(output);
    Map<String, Long> before = files();
    assertThatThrownBy(() -> score("2026-10-15"))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining(
            "is not a score table this job can write: it has columns [customer_id STRING]"
                + " partitioned by []; expected [customer_id STRING, period_kind STRING,");
    assertThat(files()).isEqualTo(before);
  }

  @Test
  void theTableRejectsRowsThatBreakItsConstraintsFromAnyWriter() throws IOException {
    sharedOctober();
    Map<String, Long> before = files();
    Row good = table().first();
    Object[] bad = new Object[good.length()];
    for (int i = 0; i < bad.length; i++) {
      bad[i] = good.get(i);
    }
    bad[good.fieldIndex("event_count")] = -1L;
    assertThatThrownBy(
            () -> df(table().schema(), bad).write().format("delta").mode("append").save(output))
        .hasMessageContaining("event_count_not_negative");
    assertThat(files()).isEqualTo(before);
  }

  @Test
  void everyRunAppendsAStartedRowThenOneFinalRowOkOrFailed() {
    RunSummary ok = score("2026-10-15");
    JobSettings strict = settings(Map.of("max_reject_ratio", "0"));
    assertThatThrownBy(() -> ScoreJob.run(spark(), strict, octoberOnly()))
        .isInstanceOf(UserInputException.class);

    Dataset<Row> runs = spark().read().format("delta").load(output + "_runs");
    Row first =
        runs.filter(col("run_id").equalTo(ok.runId()).and(col("status").equalTo("ok"))).first();
    assertThat(first.<Long>getAs("rows_in")).isEqualTo(93L);
    assertThat(first.<Long>getAs("rows_scored")).isEqualTo(4L);
    assertThat(first.<Long>getAs("output_version")).isZero();
    assertThat(first.<String>getAs("weights_hash")).isEqualTo(ok.weightsHash()).hasSize(64);
    assertThat(first.<String>getAs("config_hash")).isEqualTo(ok.configHash());
    assertThat(first.<String>getAs("job_version")).isEqualTo(JobVersion.VALUE);
    assertThat(first.<Date>getAs("first_period_start")).isEqualTo(OCT_1);
    assertThat(first.<String>getAs("error")).isNull();
    // Per period: 92 of the 93 events fall in October (one has no time), 89 of them scored.
    Row october = first.<Row>getList(first.fieldIndex("period_stats")).get(0);
    assertThat(october.<Date>getAs("period_start")).isEqualTo(OCT_1);
    assertThat(october.<Long>getAs("rows_in")).isEqualTo(92L);
    assertThat(october.<Long>getAs("scored_events")).isEqualTo(89L);
    assertThat(october.<Long>getAs("previous_scored_events")).isNull();
    assertThat(first.<String, Long>getJavaMap(first.fieldIndex("unknown_event_types")))
        .containsExactly(entry("legacy_click", 2L));

    // Before its commit each run recorded its start, with its settings and weights.
    Row started =
        runs.filter(col("run_id").equalTo(ok.runId()).and(col("status").equalTo("started")))
            .first();
    assertThat(started.<Timestamp>getAs("ended_at")).isNull();
    assertThat(started.<Long>getAs("output_version")).isNull();
    assertThat(started.<String>getAs("weights_hash")).isEqualTo(ok.weightsHash());
    assertThat(started.<String>getAs("config_hash")).isEqualTo(ok.configHash());

    Row failed = runs.filter(col("status").equalTo("failed")).first();
    assertThat(failed.<String>getAs("error")).startsWith("4 of 93 events were rejected");
    assertThat(failed.<Long>getAs("output_version")).isNull();
    assertThat(failed.<Long>getAs("rows_in")).isEqualTo(93L);
    assertThat(failed.<String>getAs("config_hash"))
        .isEqualTo(strict.configHash())
        .isNotEqualTo(ok.configHash());
    assertThat(runs.groupBy("status").count().collectAsList())
        .extracting(r -> r.getString(0) + "=" + r.getLong(1))
        .containsExactlyInAnyOrder("started=2", "ok=1", "failed=1");
  }
}
