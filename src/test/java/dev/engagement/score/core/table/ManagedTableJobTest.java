package dev.engagement.score.core.table;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engagement.score.JobTestBase;
import dev.engagement.score.ScoreJob;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.maintain.MaintainCommand;
import dev.engagement.score.maintain.Retention;
import dev.engagement.score.model.UserInputException;
import dev.engagement.score.run.RunSummary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code catalog.managed}: the score table as a managed table of Spark's session catalog (the
 * stand-in here for Unity Catalog's managed tables), created, read, rewritten and maintained by its
 * three-part name only, with its audit table beside it.
 */
class ManagedTableJobTest extends JobTestBase {
  private static final String SCORES_TABLE = "spark_catalog.managed_bi.scores";

  /**
   * The database's own location, in the test's folder: the session's warehouse is a temporary
   * folder of the test library's, which it deletes when a class ends, while another class runs.
   */
  @BeforeEach
  void database() {
    spark().sql("CREATE DATABASE managed_bi LOCATION '" + dir.resolve("warehouse") + "'");
  }

  @AfterEach
  void dropDatabase() {
    spark().sql("DROP DATABASE managed_bi CASCADE");
  }

  private JobSettings managed(String table) {
    return settings(Map.of("output.path", "", "catalog.table", table, "catalog.managed", "true"));
  }

  private String type(String table) {
    return spark()
        .sql("DESCRIBE TABLE EXTENDED " + table)
        .filter(col("col_name").equalTo("Type"))
        .first()
        .getString(1);
  }

  @Test
  void theScoreTableIsAManagedTableWrittenAndRewrittenByName() throws Exception {
    RunSummary first = ScoreJob.run(spark(), managed(SCORES_TABLE), octoberOnly());

    assertThat(first.outputPath()).isEqualTo(SCORES_TABLE);
    assertThat(first.outputVersion()).isZero();
    assertThat(first.rowsScored()).as("the creating commit's rows").isEqualTo(4);
    assertThat(type(SCORES_TABLE)).as("the catalog owns its storage").isEqualTo("MANAGED");
    assertThat(type(SCORES_TABLE + "_runs")).isEqualTo("MANAGED");
    assertThat(dir.resolve("scores")).as("nothing at a path of the job's").doesNotExist();
    assertDataFrameNoOrderEquals(octoberScores(), businessColumns(spark().table(SCORES_TABLE)));
    assertThat(
            spark()
                .sql("SELECT count(*) FROM " + SCORES_TABLE + "_latest_month")
                .first()
                .getLong(0))
        .isEqualTo(4);

    // Logins count double: the rerun replaces October (final: it ended before today) and logs the
    // four changed rows (as in RestatementsJobTest) in the managed restatement log, read from the
    // table's versions by name.
    writeWeights("2");
    JobSettings s = managed(SCORES_TABLE);
    RunSummary restated = ScoreJob.run(spark(), s, octoberOnly());

    assertThat(restated.part("restated_rows", Long.class)).contains(4L);
    assertThat(type(SCORES_TABLE + "_restatements")).isEqualTo("MANAGED");
    assertThat(spark().table(SCORES_TABLE + "_restatements").count()).isEqualTo(4);
    assertThat(spark().table(SCORES_TABLE).count()).as("October replaced").isEqualTo(4);
    assertThat(TableMetadata.of(spark(), TableLocation.managed(SCORES_TABLE)).properties())
        .containsEntry("engagement.weights_hash", restated.weightsHash());
    assertThat(spark().table(SCORES_TABLE + "_runs").groupBy("status").count().collectAsList())
        .extracting(r -> r.getString(0) + " " + r.getLong(1))
        .containsExactlyInAnyOrder("started 2", "ok 2");

    // maintain reaches the managed tables by name too.
    JsonNode maintained =
        new ObjectMapper()
            .readTree(
                MaintainCommand.run(spark(), MaintainCommand.tables(s), new Retention(168, false)));
    Map<String, String> status = new HashMap<>();
    maintained
        .get("tables")
        .forEach(t -> status.put(t.get("path").asText(), t.get("status").asText()));
    assertThat(status)
        .containsOnly(
            entry(SCORES_TABLE, "maintained"),
            entry(SCORES_TABLE + "_runs", "maintained"),
            entry(SCORES_TABLE + "_restatements", "maintained"));
    assertThat(spark().table(SCORES_TABLE).count()).isEqualTo(4);
  }

  @Test
  void aTableOfAnotherFormatUnderTheNameIsNeverWritten() {
    spark().sql("CREATE TABLE managed_bi.kept (customer_id STRING) USING parquet");

    assertThatThrownBy(() -> ScoreJob.run(spark(), managed("managed_bi.kept"), octoberOnly()))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "The output table managed_bi.kept is a parquet table, not a Delta table; refusing to"
                + " write to it. Choose another catalog.table.");
    assertThat(spark().table("managed_bi.kept").count()).isZero();
    assertThat(spark().catalog().tableExists("managed_bi.kept_runs")).isFalse();
    spark().sql("CREATE TABLE managed_bi.other (customer_id STRING) USING delta");
    assertThatThrownBy(() -> ScoreJob.run(spark(), managed("managed_bi.other"), octoberOnly()))
        .hasMessageStartingWith("The output table managed_bi.other is not a score table")
        .hasMessageEndingWith("]. Choose another catalog.table.");
    spark().sql("CREATE VIEW managed_bi.shown AS SELECT * FROM managed_bi.kept");
    assertThatThrownBy(() -> ScoreJob.run(spark(), managed("managed_bi.shown"), octoberOnly()))
        .hasMessageStartingWith(
            "The output table managed_bi.shown is a view, not a Delta table; refusing to write");
  }

  /** A table at a path is read from open Delta's snapshot; through SQL it must read the same. */
  @Test
  void theTwoWaysOfReadingATablesMetadataAgree() {
    sharedOctober();
    TableLocation table = TableLocation.path(output).qualified(spark());

    TableMetadata snapshot = TableMetadata.of(spark(), table);

    assertThat(TableMetadata.ofSql(spark(), table.sql())).isEqualTo(snapshot);
    assertThat(snapshot.partitionColumns()).isEqualTo(List.of("period_start"));
  }
}
