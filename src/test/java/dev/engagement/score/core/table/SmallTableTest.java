package dev.engagement.score.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.config.SourceFormat;
import dev.engagement.score.model.UserInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV tables read strictly on the driver, from one file or a directory of parts. */
class SmallTableTest extends SparkTestBase {
  private static final String SETTING = "weights.path (--weights)";
  private static final StructType TEXT =
      new StructType()
          .add("event_type", DataTypes.StringType)
          .add("weight", DataTypes.StringType)
          .add("note", DataTypes.StringType);

  @TempDir Path dir;

  private String write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content).toString();
  }

  private Dataset<Row> read(String path, SourceFormat format) {
    return SmallTable.read(spark(), path, format, "weights", SETTING);
  }

  @Test
  void readsAFileAsNullableTextColumnsInFileOrder() throws IOException {
    String path =
        write(
            "w.csv",
            "event_type,weight,note\nrefund,-2.50,\"a, b\"\nlogin, 1 ,\nfeature_used,0.25,\"\"\n");
    Dataset<Row> table = read("file:" + path, SourceFormat.AUTO);
    assertThat(table.schema()).isEqualTo(TEXT);
    assertThat(table.collectAsList())
        .as("values as written, empty ones null, in file order")
        .extracting(Row::toString)
        .containsExactly("[refund,-2.50,a, b]", "[login, 1 ,null]", "[feature_used,0.25,null]");
  }

  @Test
  void aRowWithAnotherNumberOfFieldsFailsNamingTheFile() throws IOException {
    String path = write("w.csv", "event_type,weight\nlogin,1,5\n");
    assertThatThrownBy(() -> read(path, SourceFormat.CSV))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Cannot read weights from file:"
                + path
                + ": line 2 has 3 fields but the header has 2: login,1,5. A value that contains a"
                + " comma must be quoted (\"1,5\"), and decimals use a dot (1.5). Fix the file"
                + " given by weights.path (--weights).");
  }

  @Test
  void readsADirectoryOfPartsAsSparkWritesThem() throws IOException {
    String out = dir.resolve("weights").toString();
    df(
            TEXT,
            new Object[] {"login", "1", "x, y"},
            new Object[] {"refund", "-2.5", null},
            new Object[] {"multi", "3", "line\nbreak"})
        .repartition(2)
        .write()
        .option("header", "true")
        .csv(out);
    // Spark wrote part files, _SUCCESS and .crc files; another tool may add an empty part or
    // compress one.
    write("weights/part-99999-empty.csv", "");
    try (OutputStream gz =
        new GZIPOutputStream(Files.newOutputStream(dir.resolve("weights/part-99998.csv.gz")))) {
      gz.write("event_type,weight,note\nlegacy,0.1,\n".getBytes(StandardCharsets.UTF_8));
    }
    assertDataFrameNoOrderEquals(
        df(
            TEXT,
            new Object[] {"login", "1", "x, y"},
            new Object[] {"refund", "-2.5", null},
            new Object[] {"multi", "3", "line\nbreak"},
            new Object[] {"legacy", "0.1", null}),
        read(out, SourceFormat.CSV));
  }

  @Test
  void everyPartMustHaveTheSameHeader() throws IOException {
    String first = write("parts/part-00000.csv", "event_type,weight\nlogin,1\n");
    String second = write("parts/part-00001.csv", "weight,event_type\n2,refund\n");
    assertThatThrownBy(() -> read(dir.resolve("parts").toString(), SourceFormat.CSV))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Cannot read weights from file:"
                + second
                + ": its header [weight, event_type] differs from [event_type, weight] in file:"
                + first
                + ". Every part of a directory must have the same header. Fix the file given by"
                + " weights.path (--weights).");
  }

  @Test
  void anEmptyFileOrDirectoryOrASubdirectoryFails() throws IOException {
    String empty = write("w.csv", "\n");
    assertThatThrownBy(() -> read(empty, SourceFormat.AUTO))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Cannot read weights from "
                + empty
                + ": it is empty. A CSV table starts with a header line naming its columns; check"
                + " weights.path (--weights).");
    write("parts/_SUCCESS", "");
    String parts = dir.resolve("parts").toString();
    assertThatThrownBy(() -> read(parts, SourceFormat.CSV))
        .hasMessageStartingWith("Cannot read weights from " + parts + ": it is empty.");
    write("parts/year=2026/part-00000.csv", "event_type,weight\nlogin,1\n");
    assertThatThrownBy(() -> read(parts, SourceFormat.CSV))
        .hasMessage(
            "Cannot read weights from "
                + parts
                + ": it holds a directory, file:"
                + parts
                + "/year=2026. Give one CSV file or a directory of CSV files; check weights.path"
                + " (--weights).");
  }
}
