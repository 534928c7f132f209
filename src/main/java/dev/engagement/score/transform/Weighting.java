package dev.engagement.score.transform;

import static org.apache.spark.sql.functions.broadcast;

import dev.engagement.score.Columns;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Attaches each event type's weight. Types are matched exactly (case-sensitive, no trimming); a
 * type without a weight keeps a null weight so it is counted, not lost.
 */
public final class Weighting {
  private Weighting() {}

  public static Dataset<Row> attach(Dataset<Row> counts, Dataset<Row> weights) {
    return counts.join(broadcast(weights), Columns.joinKeys(Columns.EVENT_TYPE), "left");
  }
}
