package dev.engagement.score.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The output columns are a contract with dashboards: renaming, retyping or dropping one needs a new
 * schema version. Each released version's column list is a file whose content is frozen here.
 */
@Tag("fast")
class OutputSchemaContractTest {
  /** SHA-256 of each released output-schema-v{N}.txt: released contracts never change. */
  private static final Map<Integer, String> RELEASED =
      Map.of(
          1, "53991afe8879faa218a3c511203f8650c8fbcfed12952cca0429870b89f8eafb",
          2, "362bc56f236ea5d978d5ddc9d9f054bf33ad13e2b297ce47400932a12ae41803",
          3, "be7c36e1220079eb994042530d024d949569a46339718273f0e23d3d9318a726");

  private static byte[] contract(int version) throws IOException {
    String name = "/output-schema-v" + version + ".txt";
    try (InputStream in = OutputSchemaContractTest.class.getResourceAsStream(name)) {
      assertThat(in)
          .as(
              "%s for OutputRows.SCHEMA_VERSION %d: add it (one 'name TYPE' line per column)"
                  + " when bumping the version",
              name, version)
          .isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void theColumnsAreThoseOfTheCurrentSchemaVersion() throws IOException {
    List<String> columns =
        Arrays.stream(OutputRows.SCHEMA.fields())
            .map(f -> f.name() + " " + f.dataType().sql())
            .toList();

    assertThat(columns)
        .as(
            "OutputRows.SCHEMA vs output-schema-v%d.txt: a renamed, retyped, added or dropped"
                + " column needs a new OutputRows.SCHEMA_VERSION, a new contract file and"
                + " docs/output-table.md updated",
            OutputRows.SCHEMA_VERSION)
        .isEqualTo(
            new String(contract(OutputRows.SCHEMA_VERSION), StandardCharsets.UTF_8)
                .lines()
                .toList());
  }

  @Test
  void releasedContractsAreNeverEdited() throws IOException, NoSuchAlgorithmException {
    assertThat(RELEASED).containsKey(OutputRows.SCHEMA_VERSION);
    for (Map.Entry<Integer, String> released : RELEASED.entrySet()) {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(contract(released.getKey()));
      assertThat(HexFormat.of().formatHex(digest))
          .as("output-schema-v%d.txt was released: bump the version instead", released.getKey())
          .isEqualTo(released.getValue());
    }
  }

  @Test
  void everyVersionOnlyAddsColumnsAtTheEnd() throws IOException {
    // The in-place upgrade of older tables (ScoreTable) relies on it.
    List<String> previous = List.of();
    for (int version = 1; version <= OutputRows.SCHEMA_VERSION; version++) {
      List<String> columns = new String(contract(version), StandardCharsets.UTF_8).lines().toList();
      assertThat(columns.subList(0, previous.size()))
          .as("output-schema-v%d.txt starts with the columns of the version before", version)
          .isEqualTo(previous);
      previous = columns;
    }
    assertThat(new String(contract(1), StandardCharsets.UTF_8).lines().count())
        .isEqualTo(OutputRows.VERSION_1_COLUMNS);
  }
}
