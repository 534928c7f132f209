package dev.engagement.score.feature.accounts;

import static org.apache.spark.sql.functions.col;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.plugin.Feature;
import dev.engagement.score.core.plugin.Published;
import dev.engagement.score.core.plugin.RunContext;
import dev.engagement.score.core.plugin.SummaryPart;
import dev.engagement.score.core.scoring.OutputContract;
import dev.engagement.score.core.scoring.ScoreAggregator;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.core.table.PathConflicts;
import dev.engagement.score.core.table.ScoreTable;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.JobVersion;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Account scores ({@code accounts.path}, docs/accounts.md): after the score table, one row per
 * account and period in the account table. Who belongs to which account comes from the tagged
 * events (one more pass over them), the scores from the customers' period sums. Customers without
 * an account are logged and counted in the summary's {@code accounts} part.
 */
public record AccountsFeature(String path, Rollup rollup) implements Feature {
  /** An account's raw score: the sum or the mean of its members' raw scores. */
  public enum Rollup {
    SUM,
    MEAN
  }

  private static final Logger LOG = LoggerFactory.getLogger(AccountsFeature.class);

  /**
   * The account table's commit.
   *
   * @param path the account table's fully qualified path
   * @param version the Delta version this run committed to it
   * @param rowsWritten account rows written (one per account and period)
   * @param unassignedCustomers customer-periods left out of it: none of their scored events had an
   *     account id (they are in the score table)
   * @param unassignedEvents the scored events of those customers
   */
  public record Written(
      String path,
      long version,
      long rowsWritten,
      long unassignedCustomers,
      long unassignedEvents) {}

  /** On when {@code accounts.path} is set. */
  public static Optional<Feature> from(JobSettings settings, ScoreRules rules) {
    return AccountSettings.from(settings).map(Feature.class::cast);
  }

  @Override
  public String name() {
    return "accounts";
  }

  @Override
  public PathConflicts.Uses paths() {
    return PathConflicts.Uses.written(ConfigKeys.ACCOUNTS_PATH, path);
  }

  @Override
  public Feature check(SparkSession spark) {
    return new AccountsFeature(ScoreTable.check(spark, path, AccountTable.LAYOUT), rollup);
  }

  @Override
  public Optional<SummaryPart> publish(Published published) {
    RunContext run = published.run();
    JobSettings settings = run.settings();
    // One row per account and period, read twice: the unassigned count, then the rows.
    Dataset<Row> sums =
        AccountRollup.combine(
                // Customers without events (customers.path) have no account to count for.
                ScoreAggregator.score(run.periodSums()).filter(col(Columns.EVENT_COUNT).gt(0)),
                AccountRollup.members(run.events(), run.periods()),
                rollup)
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      AccountRollup.Unassigned unassigned = AccountRollup.Unassigned.of(sums);
      if (unassigned.customers() > 0) {
        LOG.warn(
            "Run {}: {} customer-period(s) with {} scored events have no account id in any scored"
                + " event: scored in {}, left out of the account table {}",
            run.runId(),
            unassigned.customers(),
            unassigned.events(),
            run.output(),
            path);
      }
      Dataset<Row> rows =
          AccountRollup.score(sums, run.rules())
              .transform(r -> AccountRollup.shape(r, run.started(), JobVersion.VALUE, run.runId()))
              .transform(r -> OutputContract.enforce(r, run.rules()));
      ScoreTable.WriteResult result =
          ScoreTable.write(
              rows, path, run.periods(), run.runId(), run.labels(), AccountTable.LAYOUT);
      Written written =
          new Written(
              path,
              result.version(),
              result.rowsWritten(),
              unassigned.customers(),
              unassigned.events());
      return Optional.of(new SummaryPart(name(), json(written), written));
    } finally {
      sums.unpersist();
    }
  }

  private static Map<String, Object> json(Written a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", a.path());
    m.put("version", a.version());
    m.put("rows", a.rowsWritten());
    m.put("unassigned_customers", a.unassignedCustomers());
    m.put("unassigned_events", a.unassignedEvents());
    return m;
  }
}
