package dev.engagement.score.core.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SourceFormat;
import dev.engagement.score.model.UserInputException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightSourceTest extends SparkTestBase {
  @TempDir Path dir;

  private String csv(String content) throws IOException {
    return Files.writeString(dir.resolve("weights.csv"), content).toString();
  }

  private static JobSettings.Weights at(String path) {
    return new JobSettings.Weights(path, SourceFormat.AUTO);
  }

  private static WeightSource.Weight undated(String type, String weight) {
    return new WeightSource.Weight(type, new BigDecimal(weight), null, null);
  }

  private static WeightSource.Weight dated(String type, String weight, String from, String to) {
    return new WeightSource.Weight(
        type,
        new BigDecimal(weight),
        from == null ? null : LocalDate.parse(from),
        to == null ? null : LocalDate.parse(to));
  }

  @Test
  void readsAWeightHistoryWithInclusiveValidityDates() throws IOException {
    // login weighs 1 until the end of September, 2 from October; refund never changes; trial
    // ends on 2026-09-30.
    String path =
        csv(
            "event_type,weight,valid_from,valid_to\n"
                + "login,1,,2026-09-30\n"
                + "login,2,2026-10-01,\n"
                + "refund,-5,,\n"
                + "trial_started,3,2026-01-01,2026-09-30\n");
    WeightSource.WeightTable table = WeightSource.read(spark(), at(path));
    assertThat(table.dated()).isTrue();
    assertThat(table.weights())
        .containsExactly(
            dated("login", "1.000000", null, "2026-09-30"),
            dated("login", "2.000000", "2026-10-01", null),
            dated("refund", "-5.000000", null, null),
            dated("trial_started", "3.000000", "2026-01-01", "2026-09-30"));
    assertThat(table.eventTypes()).containsExactly("login", "refund", "trial_started");
    assertThat(table.validOn(LocalDate.of(2026, 9, 30)))
        .containsExactly(
            entry("login", new BigDecimal("1.000000")),
            entry("refund", new BigDecimal("-5.000000")),
            entry("trial_started", new BigDecimal("3.000000")));
    assertThat(table.validOn(LocalDate.of(2026, 10, 1)))
        .containsExactly(
            entry("login", new BigDecimal("2.000000")),
            entry("refund", new BigDecimal("-5.000000")));
    // The version of a set of weights does not depend on the table it came from.
    assertThat(WeightSource.WeightTable.version(table.validOn(LocalDate.of(2026, 10, 1))))
        .isEqualTo(
            WeightSource.read(spark(), at(csv("event_type,weight\nrefund,-5\nlogin,2.0\n")))
                .hash());
  }

  @Test
  void overlappingOrBackwardsValidityFailsWithTheRowsAndTheFix() throws IOException {
    String p =
        csv(
            "event_type,weight,valid_from,valid_to\n"
                + "login,1,,2026-10-01\n"
                + "login,2,2026-10-01,\n");
    assertThatThrownBy(() -> WeightSource.read(spark(), at(p)))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining(
            "Duplicate event type 'login' in "
                + p
                + ": weights 1 (..2026-10-01) and 2 (2026-10-01..) apply on the same days.");
    csv("event_type,weight,valid_from,valid_to\nlogin,1,2026-10-02,2026-10-01\n");
    assertThatThrownBy(() -> WeightSource.read(spark(), at(p)))
        .hasMessage(
            "Invalid weight in "
                + p
                + " for event type 'login': valid_to 2026-10-01 is before valid_from 2026-10-02.");
    csv("event_type,weight,valid_from\nlogin,1,October\n");
    assertThatThrownBy(() -> WeightSource.read(spark(), at(p)))
        .hasMessage(
            "Invalid weight in "
                + p
                + " for event type 'login': valid_from 'October' is not a date. Use YYYY-MM-DD,"
                + " or leave it empty.");
  }

  @Test
  void readsDecimalAndNegativeWeightsExactlyFromCsv() throws IOException {
    String path =
        csv("event_type,weight\nlogin,1\nrefund_issued,-2.5\nfeature_used, 0.25\ntiny,0.000001\n");
    assertThat(WeightSource.read(spark(), at(path)).weights())
        .containsExactly(
            undated("login", "1.000000"),
            undated("refund_issued", "-2.500000"),
            undated("feature_used", "0.250000"),
            undated("tiny", "0.000001"));
  }

  @Test
  void readsParquetWithNumericWeights() {
    String path = dir.resolve("weights.parquet").toString();
    StructType schema =
        new StructType()
            .add("event_type", DataTypes.StringType)
            .add("weight", DataTypes.DoubleType);
    df(schema, new Object[] {"login", 0.1}, new Object[] {"refund", -20.0}).write().parquet(path);
    assertThat(WeightSource.read(spark(), at(path)).weights())
        .containsExactlyInAnyOrder(undated("login", "0.100000"), undated("refund", "-20.000000"));
  }

  @Test
  void readsDeltaWeights() {
    String path = dir.resolve("weights_delta").toString();
    StructType schema =
        new StructType()
            .add("event_type", DataTypes.StringType)
            .add("weight", DataTypes.createDecimalType(10, 2));
    df(schema, new Object[] {"login", new BigDecimal("2")}).write().format("delta").save(path);
    assertThat(WeightSource.read(spark(), at(path)).weights())
        .containsExactly(undated("login", "2.000000"));
  }

  @Test
  void listsTheTypesAndFingerprintsTheContent() throws IOException {
    WeightSource.WeightTable a =
        WeightSource.read(spark(), at(csv("event_type,weight\nlogin,1\nrefund,-2.5\n")));
    assertThat(a.eventTypes()).containsExactly("login", "refund");
    // Same weights, other order and notation: same fingerprint.
    WeightSource.WeightTable b =
        WeightSource.read(spark(), at(csv("event_type,weight\nrefund,-2.50\nlogin,1.0\n")));
    assertThat(b.hash()).isEqualTo(a.hash()).hasSize(64);
    WeightSource.WeightTable c =
        WeightSource.read(spark(), at(csv("event_type,weight\nlogin,2\nrefund,-2.5\n")));
    assertThat(c.hash()).isNotEqualTo(a.hash());
  }

  @Test
  void aDecimalCommaFailsInsteadOfDroppingTheFieldAfterIt() throws IOException {
    // Spark's permissive reader read this as login = 1, with the hash of "login,1".
    String p = csv("event_type,weight\nrefund,-5\nlogin,1,5\n");
    assertThatThrownBy(() -> WeightSource.read(spark(), at(p)))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Cannot read weights from file:"
                + p
                + ": line 3 has 3 fields but the header has 2: login,1,5. A value that contains"
                + " a comma must be quoted (\"1,5\"), and decimals use a dot (1.5). Fix the file"
                + " given by weights.path (--weights).");
  }

  @Test
  void ordinaryTablesKeepTheHashesTheyAlwaysHad() throws IOException {
    // SHA-256 of "login=1.000000\nrefund=-2.500000" and of "login@..2026-09-30=1.000000
    // category=product\nlogin@2026-10-01..=2.000000 category=product\nrefund@..=-5.000000
    // category=support", the texts hashed before event types were escaped (sha256sum).
    WeightSource.WeightTable plain =
        WeightSource.read(spark(), at(csv("event_type,weight\nrefund,-2.5\nlogin,1\n")));
    assertThat(plain.hash())
        .isEqualTo("ba155086f80ccc905cae7c250917d0166958484a4943074c7130709da8fd6f7e");
    assertThat(WeightSource.WeightTable.version(plain.validOn(LocalDate.of(2026, 10, 1))))
        .as("an undated table's weights_version is its hash")
        .isEqualTo(plain.hash());
    String history =
        csv(
            "event_type,weight,valid_from,valid_to,category\n"
                + "login,1,,2026-09-30,product\n"
                + "login,2,2026-10-01,,product\n"
                + "refund,-5,,,support\n");
    assertThat(WeightSource.read(spark(), at(history)).hash())
        .isEqualTo("0e8323d3a6300f4f7b34afcbeee59a576188b5b42b129911d59644b6ffd4afa0");
  }

  @Test
  void tablesThatParseToTheSameWeightsHashEqual() throws IOException {
    String hash =
        WeightSource.read(spark(), at(csv("event_type,weight\nlogin,1\nrefund,-2.5\n"))).hash();
    String parquet = dir.resolve("weights.parquet").toString();
    df(
            new StructType()
                .add("event_type", DataTypes.StringType)
                .add("weight", DataTypes.DoubleType),
            new Object[] {"refund", -2.5},
            new Object[] {"login", 1.0})
        .write()
        .parquet(parquet);
    assertThat(
            Stream.of(
                    csv("event_type,weight\nrefund,-2.500000\nlogin,1.0\n"),
                    csv("\"event_type\",\"weight\"\n\"login\",\"1\"\n\"refund\",\"-2.5\"\n"),
                    csv("event_type,weight\r\nlogin,1\r\nrefund,-2.5\r\n"),
                    csv("\uFEFFevent_type,weight\nlogin,1\nrefund,-2.5"),
                    parquet)
                .map(p -> WeightSource.read(spark(), at(p)).hash()))
        .as("order, notation, quotes, CRLF, a byte-order mark, Parquet")
        .containsOnly(hash);
  }

  @Test
  void tablesThatParseToDifferentWeightsNeverHashEqual() {
    // Without escaping, each pair below hashed the same text.
    assertThat(hash(false, undated("a", "1"), undated("b", "2")))
        .as("a type containing a line break and '='")
        .isNotEqualTo(hash(false, undated("a=1\nb", "2")));
    assertThat(hash(true, dated("x", "1", null, null)))
        .as("a dated type with open ends, and an undated type named like its key")
        .isNotEqualTo(hash(false, undated("x@..", "1")));
    assertThat(hash(true, dated("x\\", "1", null, null)))
        .as("a backslash before the range")
        .isNotEqualTo(hash(false, undated("x\\@..", "1")));
    assertThat(
            hash(
                false,
                new WeightSource.Weight("a", new BigDecimal("1.000000"), null, null, "2.000000")))
        .as("a category, and a type that spells it")
        .isNotEqualTo(
            hash(
                false,
                new WeightSource.Weight(
                    "a=1.000000 category", new BigDecimal("2.000000"), null, null, null)));
    assertThat(
            hash(
                false,
                new WeightSource.Weight("a", new BigDecimal("1"), null, null, "p\nb=2 category=p")))
        .as("a category containing a line break")
        .isNotEqualTo(
            hash(
                false,
                new WeightSource.Weight("a", new BigDecimal("1"), null, null, "p"),
                new WeightSource.Weight("b", new BigDecimal("2"), null, null, "p")));
    assertThat(WeightSource.WeightTable.version(Map.of("a=1\nb", new BigDecimal("2"))))
        .isNotEqualTo(
            WeightSource.WeightTable.version(
                Map.of("a", BigDecimal.ONE, "b", new BigDecimal("2"))));
  }

  @Test
  void emptyHistoryColumnsMakeAnotherTableWithTheSameWeightsVersion() throws IOException {
    WeightSource.WeightTable plain =
        WeightSource.read(spark(), at(csv("event_type,weight\nlogin,1\n")));
    WeightSource.WeightTable open =
        WeightSource.read(spark(), at(csv("event_type,weight,valid_from,valid_to\nlogin,1,,\n")));
    assertThat(open.hash()).as("a history is hashed as one").isNotEqualTo(plain.hash());
    assertThat(WeightSource.WeightTable.version(open.validOn(LocalDate.of(2026, 10, 31))))
        .as("its periods are scored with the same weights")
        .isEqualTo(plain.hash());
  }

  private static String hash(boolean dated, WeightSource.Weight... weights) {
    return WeightSource.table(List.of(weights), dated).hash();
  }

  @Test
  void badWeightFilesFailWithTheProblemAndTheFix() throws IOException {
    assertThatThrownBy(() -> WeightSource.read(spark(), at(dir.resolve("none.csv").toString())))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("none.csv does not exist: check weights.path (--weights).");
    String p = csv("event_type,weight\nlogin,one\n");
    assertThatThrownBy(() -> WeightSource.read(spark(), at(p)))
        .hasMessage(
            "Invalid weight in "
                + p
                + " for event type 'login': 'one' is not a number."
                + " Use a decimal such as -2.5 or 0.25.");
    csv("event_type,weight\nlogin,1\nlogin,2\n");
    assertThatThrownBy(() -> WeightSource.read(spark(), at(p)))
        .hasMessage(
            "Duplicate event type 'login' in "
                + p
                + ": weights 1 (..) and 2 (..) apply on the same days. Keep one row per event"
                + " type, or give its rows valid_from..valid_to ranges (inclusive) that do not"
                + " overlap.");
    csv("type,points\nlogin,1\n");
    assertThatThrownBy(() -> WeightSource.read(spark(), at(p)))
        .hasMessage(
            "Cannot read weights from "
                + p
                + ": column 'event_type' is missing"
                + " (expected: event_type, weight; found [type, points]).");
    csv("event_type,weight\nlogin,0.0000001\n");
    assertThatThrownBy(() -> WeightSource.read(spark(), at(p)))
        .hasMessageContaining("0.0000001 does not fit DECIMAL(18,6): use at most 6 decimal places");
    csv("event_type,weight\nlogin,\n");
    assertThatThrownBy(() -> WeightSource.read(spark(), at(p)))
        .hasMessageContaining("for event type 'login': the weight is empty");
    csv("event_type,weight\n");
    assertThatThrownBy(() -> WeightSource.read(spark(), at(p)))
        .hasMessageContaining("it has a header but no weights");
    csv("event_type,weight\nlogin ,1\n");
    assertThatThrownBy(() -> WeightSource.read(spark(), at(p)))
        .hasMessageContaining("Invalid event type 'login '");
  }

  @Test
  void readsEachTypesCategoryAndFingerprintsIt() throws IOException {
    // login's category is the same in both of its dated rows.
    String path =
        csv(
            "event_type,weight,valid_from,valid_to,category\n"
                + "login,1,,2026-09-30,product\n"
                + "login,2,2026-10-01,,product\n"
                + "ticket_opened,-2,,,support\n");
    WeightSource.WeightTable table = WeightSource.read(spark(), at(path));
    assertThat(table.weights())
        .contains(
            new WeightSource.Weight(
                "ticket_opened", new BigDecimal("-2.000000"), null, null, "support"));
    assertThat(table.categories())
        .containsExactly(entry("login", "product"), entry("ticket_opened", "support"));
    // Another category is another table: a different fingerprint.
    csv(
        "event_type,weight,valid_from,valid_to,category\n"
            + "login,1,,2026-09-30,product\n"
            + "login,2,2026-10-01,,product\n"
            + "ticket_opened,-2,,,product\n");
    assertThat(WeightSource.read(spark(), at(path)).hash()).isNotEqualTo(table.hash());
    // The configured categories must be exactly the table's.
    table.requireCategories(java.util.Set.of("product", "support"), path);
    assertThatThrownBy(() -> table.requireCategories(java.util.Set.of("product", "billing"), path))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "The categories of the weight table "
                + path
                + " [product, support] differ from those of categories.weights [billing,"
                + " product]: not in categories.weights: [support] (give each a weight there);"
                + " no event type has category [billing] (remove it from categories.weights, or"
                + " assign it to event types); every category must have exactly one combination"
                + " weight.");
  }

  @Test
  void badCategoriesFailWithTheProblemAndTheFix() throws IOException {
    String p = csv("event_type,weight,category\nlogin,1,product\nrefund,-5,\n");
    assertThatThrownBy(() -> WeightSource.read(spark(), at(p)))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Invalid weight in "
                + p
                + " for event type 'refund': category '' is empty or has leading or trailing"
                + " spaces. Give every row the category of its type (e.g. product), or drop the"
                + " category column.");
    csv(
        "event_type,weight,valid_from,valid_to,category\n"
            + "login,1,,2026-09-30,product\n"
            + "login,2,2026-10-01,,support\n");
    assertThatThrownBy(() -> WeightSource.read(spark(), at(p)))
        .hasMessage(
            "Event type 'login' in "
                + p
                + " has two categories, 'product' and 'support': give all rows of a type the"
                + " same category.");
    csv("event_type,weight\nlogin,1\n");
    WeightSource.WeightTable plain = WeightSource.read(spark(), at(p));
    assertThatThrownBy(() -> plain.requireCategories(java.util.Set.of("product"), p))
        .hasMessage(
            "categories.weights is set, but the weight table "
                + p
                + " has no category column: add a 'category' column giving every event type one"
                + " of [product], or leave categories.weights empty.");
  }
}
