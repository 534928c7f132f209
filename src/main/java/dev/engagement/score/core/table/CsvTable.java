package dev.engagement.score.core.table;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A small table kept as CSV, read on the driver through Hadoop's file system (so any path Spark
 * reads: local, HDFS, S3, ...) and parsed strictly by {@link CsvText}. The path is one file, or a
 * directory of part files as Spark writes them: names starting with {@code _} or {@code .} are
 * skipped, parts are read in name order, compressed parts ({@code .gz}, ...) are decompressed, and
 * every part repeats the same header (an empty part holds no rows).
 */
final class CsvTable {
  private CsvTable() {}

  /**
   * The table, every column a nullable STRING named by the header, rows in file order.
   *
   * @param what what the table holds, e.g. "weights", for messages
   * @param setting the key (and flag) of its path, for messages
   */
  static Dataset<Row> read(SparkSession spark, String path, String what, String setting) {
    Configuration conf = spark.sessionState().newHadoopConf();
    CsvText.Source table = new CsvText.Source(what, path, setting);
    CsvText first = null;
    String firstFile = null;
    List<Row> rows = new ArrayList<>();
    for (FileStatus file : files(conf, table)) {
      CsvText.Source source = new CsvText.Source(what, file.getPath().toString(), setting);
      Optional<CsvText> part = CsvText.parse(bytes(conf, file.getPath(), source), source);
      if (part.isEmpty()) {
        continue;
      }
      if (first == null) {
        first = part.get();
        firstFile = source.file();
      } else if (!part.get().header().equals(first.header())) {
        throw source.invalid(
            "its header "
                + part.get().header()
                + " differs from "
                + first.header()
                + " in "
                + firstFile
                + ". Every part of a directory must have the same header.");
      }
      part.get().rows().forEach(r -> rows.add(RowFactory.create((Object[]) r)));
    }
    if (first == null) {
      throw table.fail(
          "it is empty. A CSV table starts with a header line naming its columns; check "
              + setting
              + ".");
    }
    StructType schema = new StructType();
    for (String name : first.header()) {
      schema = schema.add(name, DataTypes.StringType, true);
    }
    return spark.createDataFrame(rows, schema);
  }

  /** The file of the table, or the data files of its directory. */
  private static List<FileStatus> files(Configuration conf, CsvText.Source table) {
    try {
      Path p = new Path(table.file());
      FileSystem fs = p.getFileSystem(conf);
      FileStatus status = fs.getFileStatus(p);
      if (status.isFile()) {
        return List.of(status);
      }
      List<FileStatus> parts =
          Arrays.stream(fs.listStatus(p))
              .filter(f -> !f.getPath().getName().startsWith("_"))
              .filter(f -> !f.getPath().getName().startsWith("."))
              .sorted(Comparator.comparing(f -> f.getPath().getName()))
              .toList();
      Optional<FileStatus> directory = parts.stream().filter(FileStatus::isDirectory).findFirst();
      if (directory.isPresent()) {
        throw table.fail(
            "it holds a directory, "
                + directory.get().getPath()
                + ". Give one CSV file or a directory of CSV files; check "
                + table.setting()
                + ".");
      }
      return parts;
    } catch (IOException e) {
      throw table.unreadable(e);
    }
  }

  private static byte[] bytes(Configuration conf, Path file, CsvText.Source source) {
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(file);
    try (InputStream raw = file.getFileSystem(conf).open(file);
        InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw source.unreadable(e);
    }
  }
}
