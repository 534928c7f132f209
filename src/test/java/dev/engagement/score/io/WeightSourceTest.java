package dev.engagement.score.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.UserInputException;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SourceFormat;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @Test
  void readsDecimalAndNegativeWeightsExactlyFromCsv() throws IOException {
    String path =
        csv("event_type,weight\nlogin,1\nrefund_issued,-2.5\nfeature_used, 0.25\ntiny,0.000001\n");
    assertDataFrameNoOrderEquals(
        df(
            WeightSource.SCHEMA,
            new Object[] {"login", new BigDecimal("1.000000")},
            new Object[] {"refund_issued", new BigDecimal("-2.500000")},
            new Object[] {"feature_used", new BigDecimal("0.250000")},
            new Object[] {"tiny", new BigDecimal("0.000001")}),
        WeightSource.read(spark(), at(path)).rows());
  }

  @Test
  void readsParquetWithNumericWeights() {
    String path = dir.resolve("weights.parquet").toString();
    StructType schema =
        new StructType()
            .add("event_type", DataTypes.StringType)
            .add("weight", DataTypes.DoubleType);
    df(schema, new Object[] {"login", 0.1}, new Object[] {"refund", -20.0}).write().parquet(path);
    assertDataFrameNoOrderEquals(
        df(
            WeightSource.SCHEMA,
            new Object[] {"login", new BigDecimal("0.100000")},
            new Object[] {"refund", new BigDecimal("-20.000000")}),
        WeightSource.read(spark(), at(path)).rows());
  }

  @Test
  void readsDeltaWeights() {
    String path = dir.resolve("weights_delta").toString();
    df(WeightSource.SCHEMA, new Object[] {"login", new BigDecimal("2")})
        .write()
        .format("delta")
        .save(path);
    assertDataFrameNoOrderEquals(
        df(WeightSource.SCHEMA, new Object[] {"login", new BigDecimal("2.000000")}),
        WeightSource.read(spark(), at(path)).rows());
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
                + " (weights 1 and 2): keep exactly one row per event type.");
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
}
