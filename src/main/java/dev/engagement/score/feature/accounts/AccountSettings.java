package dev.engagement.score.feature.accounts;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SettingsBlock;
import dev.engagement.score.model.UserInputException;
import java.util.Map;
import java.util.Optional;

/**
 * The account table, present exactly when {@code events.account_column} is set: the column and the
 * path go together, and the account cannot come from the daily aggregate, which stores counts per
 * customer and day without it.
 */
public final class AccountSettings {
  private AccountSettings() {}

  /**
   * The feature, on when the events' account column is set ({@code events.account_column}); its
   * {@code accounts} block, checked against the events' columns and the daily aggregate.
   */
  static Optional<AccountsFeature> from(JobSettings settings) {
    SettingsBlock accounts = settings.block("accounts");
    JobSettings.Events events = settings.events();
    boolean aggregate = settings.block("aggregate").optional("path").isPresent();
    AccountsFeature.Rollup rollup = accounts.oneOf("rollup", AccountsFeature.Rollup.class);
    Optional<String> path = accounts.optional("path");
    if (events.accountColumn().isEmpty()) {
      if (path.isPresent()) {
        throw accounts.conflict(
            "path",
            ConfigKeys.ACCOUNTS_PATH
                + " = '"
                + path.get()
                + "' needs "
                + ConfigKeys.EVENTS_ACCOUNT_COLUMN
                + ": set it to the events' account id column, or set "
                + ConfigKeys.ACCOUNTS_PATH
                + " = \"\" to write no account scores.");
      }
      return Optional.empty();
    }
    String column = events.accountColumn().get();
    if (path.isEmpty()) {
      throw new UserInputException(
          ConfigKeys.EVENTS_ACCOUNT_COLUMN
              + " = '"
              + column
              + "' needs "
              + ConfigKeys.ACCOUNTS_PATH
              + ": set it to the Delta path of the account table, or set "
              + ConfigKeys.EVENTS_ACCOUNT_COLUMN
              + " = \"\" to write no account scores.");
    }
    distinctColumn(events, column);
    if (aggregate) {
      throw new UserInputException(
          ConfigKeys.EVENTS_ACCOUNT_COLUMN
              + " cannot be combined with "
              + ConfigKeys.AGGREGATE_PATH
              + ": the daily aggregate stores counts per customer and day without the account,"
              + " and a customer's account is that of its latest event in the period. Set "
              + ConfigKeys.AGGREGATE_PATH
              + " = \"\" to score accounts, or "
              + ConfigKeys.EVENTS_ACCOUNT_COLUMN
              + " and "
              + ConfigKeys.ACCOUNTS_PATH
              + " = \"\" to use the daily aggregate.");
    }
    return Optional.of(new AccountsFeature(path.get(), rollup));
  }

  private static void distinctColumn(JobSettings.Events events, String column) {
    Map<String, String> taken =
        Map.of(
            ConfigKeys.EVENTS_CUSTOMER_COLUMN, events.customerColumn(),
            ConfigKeys.EVENTS_TYPE_COLUMN, events.typeColumn(),
            ConfigKeys.EVENTS_TIME_COLUMN, events.timeColumn(),
            ConfigKeys.EVENTS_ID_COLUMN, events.idColumn().orElse(""));
    taken.forEach(
        (key, name) -> {
          if (name.equals(column)) {
            throw new UserInputException(
                "Invalid "
                    + ConfigKeys.EVENTS_ACCOUNT_COLUMN
                    + " '"
                    + column
                    + "': it is already "
                    + key
                    + ". Set it to the events' account id column.");
          }
        });
  }
}
