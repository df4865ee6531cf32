package dev.earmark.transforms.values;

import java.io.Serializable;
import java.util.Comparator;
import java.util.Objects;

/**
 * Where a recording was listed: the listing file and the row's line in it (from 1). A recording
 * carries it so that a dead letter about its audio names the row to fix, as a bad row's does.
 */
public record ListingLine(String file, long line) implements Serializable {
  /** Listing file, then line: of two rows listing one recording, the first is kept. */
  public static final Comparator<ListingLine> ORDER =
      Comparator.comparing(ListingLine::file).thenComparingLong(ListingLine::line);

  public ListingLine {
    Objects.requireNonNull(file, "file");
    if (line < 1) {
      throw new IllegalArgumentException("line must be >= 1: " + line);
    }
  }

  @Override
  public String toString() {
    return file + ":" + line;
  }
}
