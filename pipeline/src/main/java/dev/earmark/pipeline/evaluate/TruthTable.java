package dev.earmark.pipeline.evaluate;

import java.util.List;

/**
 * What was inserted into one recording: its rows (none for an event-free recording), the truth
 * file they came from, the recording they describe and how long it is.
 */
public record TruthTable(String file, String recording, double durationSeconds, List<TruthRow> rows) {
  public TruthTable {
    rows = List.copyOf(rows);
    if (!(durationSeconds > 0)) {
      throw new IllegalArgumentException(file + ": recording " + recording + " has no length");
    }
  }

  public boolean eventFree() {
    return rows.isEmpty();
  }
}
