package dev.earmark.transforms.listing;

import dev.earmark.transforms.values.ListingLine;
import dev.earmark.transforms.values.Recording;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The rows of one listing file ({@code .csv} with a header row, anything else JSON Lines), line by
 * line: blank lines and {@code #} comments are skipped, every other line becomes a recording or a
 * {@link ListingRows.BadRow}. The one reading of a listing, for the pipeline and for the launcher
 * that plans a run's slices.
 */
public final class ListingFile {
  /** What a listing's lines become; {@code line} is 1-based. */
  public interface Rows {
    void recording(Recording recording, long line);

    void badRow(ListingRows.BadRow row, long line);
  }

  private ListingFile() {}

  /** Reads every line of {@code reader}; {@code name} (the listing's path or URI) picks CSV or JSON Lines. */
  public static void read(String name, BufferedReader reader, Rows rows) throws IOException {
    boolean csv = name.toLowerCase().endsWith(".csv");
    List<String> header = null;
    long lineNo = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNo++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      try {
        if (csv && header == null) {
          header = ListingRows.splitCsv(line.replace("\uFEFF", ""));
          continue;
        }
        Map<String, String> fields = csv ? ListingRows.parseCsv(header, line) : ListingRows.parseJson(line);
        rows.recording(ListingRows.toRecording(fields, new ListingLine(name, lineNo)), lineNo);
      } catch (ListingRows.BadRow e) {
        rows.badRow(e, lineNo);
      }
    }
  }
}
