package dev.engagement.score.feature.drivers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.model.Columns;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The drivers table's layout and settings, without Spark. */
@Tag("fast")
class DriversTableTest {
  @Test
  void theTableIsNamedByItsSetting() {
    assertThat(DriversTable.LAYOUT.setting()).as("setting").isEqualTo("drivers.path");
    assertThat(DriversTable.LAYOUT.role()).as("role").isEqualTo("drivers");
    assertThat(DriversTable.LAYOUT.kind()).as("kind").isEqualTo("drivers table");
    assertThat(DriversTable.LAYOUT.schemaVersion()).as("schema version").isEqualTo(1);
    assertThat(DriversTable.LAYOUT.firstColumns())
        .as("every column since version 1")
        .isEqualTo(DriverRows.SCHEMA.fields().length);
    assertThat(DriversTable.LAYOUT.constraints()).isSameAs(DriversTable.CONSTRAINTS);
  }

  @Test
  void theTableHasTheDocumentedColumns() {
    assertThat(DriverRows.SCHEMA.fieldNames())
        .as("the drivers table's columns")
        .containsExactly(
            "customer_id",
            "period_kind",
            "period_start",
            "period_end",
            "event_type",
            "previous_contribution",
            "current_contribution",
            "change",
            "rank",
            "scored_at",
            "run_id");
    assertThat(DriverRows.SCHEMA.apply(DriverRows.CHANGE).dataType())
        .as("changes at the raw score's type")
        .isEqualTo(Columns.RAW_SCORE_TYPE);
    assertThat(DriverRows.SCHEMA.apply(DriverRows.RANK).dataType())
        .as("rank")
        .isEqualTo(DataTypes.IntegerType);
    assertThat(DriverRows.SCHEMA.fields())
        .as("every column has a comment")
        .allSatisfy(f -> assertThat(f.getComment().isDefined()).as(f.name()).isTrue());
  }
}
