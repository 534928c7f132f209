package dev.engagement.score.core.weights;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.model.Period;
import dev.engagement.score.model.UserInputException;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeriodWeightsTest extends SparkTestBase {
  private static final Period SEPTEMBER =
      new Period("month", LocalDate.of(2026, 9, 1), LocalDate.of(2026, 9, 30));
  private static final Period OCTOBER =
      new Period("month", LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31));

  private static WeightSource.Weight w(String type, String weight, String from, String to) {
    return new WeightSource.Weight(
        type,
        new BigDecimal(weight).setScale(6),
        from == null ? null : LocalDate.parse(from),
        to == null ? null : LocalDate.parse(to));
  }

  /** login 1 until 2026-10-15, then 2; trial_started only until 2026-09-30; refund always -5. */
  private static final WeightSource.WeightTable HISTORY =
      WeightSource.table(
          List.of(
              w("login", "1", null, "2026-10-15"),
              w("login", "2", "2026-10-16", null),
              w("refund", "-5", null, null),
              w("trial_started", "3", null, "2026-09-30")),
          true);

  private Object[] row(Period p, String type, String weight, Map<String, String> version) {
    return new Object[] {
      p.kind(),
      Date.valueOf(p.start()),
      Date.valueOf(p.end()),
      type,
      new BigDecimal(weight).setScale(6),
      WeightSource.WeightTable.version(
          version.entrySet().stream()
              .collect(
                  java.util.stream.Collectors.toMap(
                      Map.Entry::getKey, e -> new BigDecimal(e.getValue()).setScale(6)))),
      null
    };
  }

  @Test
  void eachPeriodGetsTheWeightsValidOnItsLastDay() {
    // September ends 2026-09-30: login 1, refund -5, trial 3. October ends 2026-10-31: login 2
    // (changed mid-month, so the whole month uses the new weight), refund -5, and trial, retired,
    // weighs 0 but is still a known type. Each period's version is the fingerprint of its weights.
    Map<String, String> sep = Map.of("login", "1", "refund", "-5", "trial_started", "3");
    Map<String, String> oct = Map.of("login", "2", "refund", "-5");
    assertDataFrameNoOrderEquals(
        df(
            PeriodWeights.SCHEMA,
            row(SEPTEMBER, "login", "1", sep),
            row(SEPTEMBER, "refund", "-5", sep),
            row(SEPTEMBER, "trial_started", "3", sep),
            row(OCTOBER, "login", "2", oct),
            row(OCTOBER, "refund", "-5", oct),
            row(OCTOBER, "trial_started", "0", oct)),
        PeriodWeights.of(spark(), HISTORY, List.of(SEPTEMBER, OCTOBER)));
  }

  @Test
  void aPeriodWithoutAnyValidWeightFailsWithTheFix() {
    WeightSource.WeightTable late =
        WeightSource.table(List.of(w("login", "1", "2026-10-01", null)), true);
    assertThatThrownBy(() -> PeriodWeights.of(spark(), late, List.of(SEPTEMBER)))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "No weight is valid on 2026-09-30, the last day of the month period"
                + " 2026-09-01..2026-09-30, which is scored with the weights valid on its last day:"
                + " add weights whose valid_from..valid_to covers that day, or score a later"
                + " period.");
  }
}
