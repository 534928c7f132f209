package dev.engagement.score.feature.overrides;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.config.SourceFormat;
import dev.engagement.score.config.TierRules;
import dev.engagement.score.model.UserInputException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverrideSourceTest extends SparkTestBase {
  private static final String HEADER =
      "customer_id,period_from,period_to,score,tier,reason,author,expires_on\n";
  private static final TierRules TIERS =
      TierRules.parse("[{name = at_risk, below = 0}, {name = ok, max = 100}, {name = power_user}]");
  private static final OverrideSource.ForcedScore RAW =
      new OverrideSource.ForcedScore("raw_score", 6, Optional.empty());
  private static final LocalDate RUN_DATE = LocalDate.parse("2026-11-02");

  @TempDir Path dir;

  private OverrideSettings csv(String rows) throws IOException {
    return new OverrideSettings(
        Files.writeString(dir.resolve("overrides.csv"), HEADER + rows).toString(),
        SourceFormat.AUTO);
  }

  @Test
  void appliesTheOverridesInForceOnTheRunDate() throws IOException {
    var source =
        csv(
            "a,2026-10-01,2026-10-31,12.5,,bot traffic,alice,\n"
                + "b,2026-10-01,2026-12-31,,at_risk,escalation,bob,2026-11-02\n"
                // Expired the day before the run: not applied, and free to overlap a new one.
                + "b,2026-10-01,2026-10-31,,ok,old,bob,2026-11-01\n");

    var overrides = OverrideSource.read(spark(), source, TIERS, RAW, RUN_DATE);

    assertDataFrameNoOrderEquals(
        df(
            Overrides.SCHEMA,
            new Object[] {
              "a",
              Date.valueOf("2026-10-01"),
              Date.valueOf("2026-10-31"),
              new BigDecimal("12.5"),
              null,
              "bot traffic"
            },
            new Object[] {
              "b",
              Date.valueOf("2026-10-01"),
              Date.valueOf("2026-12-31"),
              null,
              "at_risk",
              "escalation"
            }),
        OverrideSource.inForce(spark(), overrides, RUN_DATE));
    assertThat(
            OverrideSource.applied(
                overrides,
                RUN_DATE,
                List.of(
                    RowFactory.create(
                        "b", Date.valueOf("2026-10-01"), Date.valueOf("2026-10-31")))))
        .as("the audit entry names the override in force, with its author")
        .containsExactly(
            new OverrideSource.Applied(
                "b",
                LocalDate.parse("2026-10-01"),
                LocalDate.parse("2026-10-31"),
                Optional.empty(),
                Optional.of("at_risk"),
                "escalation",
                "bob"));
  }

  @Test
  void badRowsFailWithTheirNumbersAndTheFix() throws IOException {
    var source =
        csv(
            ",2026-10-01,2026-10-31,1,,r,a,\n"
                + "c,2026-10-31,2026-10-01,x,gold,,,soon\n"
                + "d,2026-10-01,2026-10-31,1.1234567,,r,a,\n"
                + "e,2026-10-01,2026-10-31,,,r,a,\n");

    assertThatThrownBy(() -> OverrideSource.read(spark(), source, TIERS, RAW, RUN_DATE))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Invalid overrides in "
                + source.path()
                + " (4 problems): row 1: no customer_id; row 2: period_to 2026-10-01 is before"
                + " period_from 2026-10-31, score 'x' is not a number, tier 'gold' is not one of"
                + " the tiers [at_risk, ok, power_user], no reason, no author, expires_on 'soon'"
                + " is not a date (YYYY-MM-DD); row 3: score 1.1234567 has more than 6 decimal"
                + " places (it replaces raw_score); row 4: neither a score nor a tier to force."
                + " Fix those rows (docs/overrides.md), or unset overrides.path; nothing was"
                + " written.");
  }

  @Test
  void overlappingOverridesInForceAndOutOfRangeScoresFail() throws IOException {
    var source =
        csv(
            "a,2026-10-01,2026-10-31,50,,r,x,\n"
                + "a,2026-10-15,2026-11-30,,ok,r,y,\n"
                + "b,2026-10-01,2026-10-31,101,,r,z,\n");
    var normalized =
        new OverrideSource.ForcedScore(
            "normalized_score", 2, Optional.of(List.of(BigDecimal.ZERO, new BigDecimal("100"))));

    assertThatThrownBy(() -> OverrideSource.read(spark(), source, TIERS, normalized, RUN_DATE))
        .hasMessageContaining(
            "(1 problems): row 3: score 101 is outside 0..100, the range of normalized_score"
                + " (normalize.range_min..range_max).");
    var inRange = csv("a,2026-10-01,2026-10-31,50,,r,x,\n" + "a,2026-10-15,2026-11-30,,ok,r,y,\n");
    assertThatThrownBy(() -> OverrideSource.read(spark(), inRange, TIERS, normalized, RUN_DATE))
        .hasMessageContaining(
            "rows 1 and 2 both cover customer a on 2026-10-15 (keep one override per customer and"
                + " day, or let one expire)");
  }

  @Test
  void missingColumnsAreNamed() throws IOException {
    var source =
        new OverrideSettings(
            Files.writeString(dir.resolve("o.csv"), "customer_id,score\na,1\n").toString(),
            SourceFormat.AUTO);

    assertThatThrownBy(() -> OverrideSource.read(spark(), source, TIERS, RAW, RUN_DATE))
        .hasMessage(
            "Cannot read overrides from "
                + source.path()
                + ": columns [period_from, period_to, tier, reason, author, expires_on] are"
                + " missing (found [customer_id, score]). The table needs [customer_id,"
                + " period_from, period_to, score, tier, reason, author, expires_on]; score, tier"
                + " and expires_on may be empty.");
  }

  @Test
  void aReasonWithACommaMustBeQuoted() throws IOException {
    var unquoted = csv("a,2026-10-01,2026-10-31,,ok,bot traffic, see ticket 12,alice,\n");
    assertThatThrownBy(() -> OverrideSource.read(spark(), unquoted, TIERS, RAW, RUN_DATE))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Cannot read overrides from file:"
                + unquoted.path()
                + ": line 2 has 9 fields but the header has 8: a,2026-10-01,2026-10-31,,ok,bot"
                + " traffic, see ticket 12,alice,. A value that contains a comma must be quoted"
                + " (\"1,5\"), and decimals use a dot (1.5). Fix the file given by"
                + " overrides.path.");
    var quoted = csv("a,2026-10-01,2026-10-31,,ok,\"bot traffic, see ticket 12\",alice,\n");
    assertThat(OverrideSource.read(spark(), quoted, TIERS, RAW, RUN_DATE))
        .extracting(OverrideSource.Override::reason, OverrideSource.Override::author)
        .containsExactly(tuple("bot traffic, see ticket 12", "alice"));
  }
}
