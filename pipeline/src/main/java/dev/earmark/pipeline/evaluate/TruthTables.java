package dev.earmark.pipeline.evaluate;

import dev.earmark.models.text.CsvFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a truth table: a CSV with the header {@code start_s,end_s,label} and optionally {@code level}
 * (faint, normal, loud), one row per inserted sound; header only for a recording with no events.
 * A bad row is an error naming the file and line, never skipped: a lost truth row would raise recall.
 */
public final class TruthTables {
  static final Set<String> LEVELS = Set.of("faint", "normal", "loud", "");

  private TruthTables() {}

  public static List<TruthRow> read(Path csv, String recordingUri) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(csv + ": empty; want the header start_s,end_s,label[,level]");
    }
    List<String> header = fields(csv, 1, lines.get(0).replace("\uFEFF", ""));
    int start = header.indexOf("start_s");
    int end = header.indexOf("end_s");
    int label = header.indexOf("label");
    int level = header.indexOf("level");
    if (start < 0 || end < 0 || label < 0) {
      throw new IllegalArgumentException(csv + " line 1: the header needs start_s,end_s,label (and may have level), got "
          + String.join(",", header));
    }
    List<TruthRow> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String at = csv + " line " + (i + 1) + ": ";
      List<String> cells = fields(csv, i + 1, line);
      if (cells.size() != header.size()) {
        throw new IllegalArgumentException(at + "expected " + header.size() + " fields, got " + cells.size());
      }
      double s = seconds(at, "start_s", cells.get(start));
      double e = seconds(at, "end_s", cells.get(end));
      if (e <= s) {
        throw new IllegalArgumentException(at + "end_s " + cells.get(end) + " is not after start_s " + cells.get(start));
      }
      String name = cells.get(label);
      if (name.isEmpty()) {
        throw new IllegalArgumentException(at + "empty label");
      }
      String lvl = level < 0 ? "" : cells.get(level).toLowerCase(Locale.ROOT);
      if (!LEVELS.contains(lvl)) {
        throw new IllegalArgumentException(at + "level '" + cells.get(level) + "' is not faint, normal or loud");
      }
      rows.add(new TruthRow(recordingUri, s, e, name, lvl));
    }
    return rows;
  }

  private static List<String> fields(Path csv, int line, String text) {
    try {
      List<String> cells = new ArrayList<>(CsvFields.split(text));
      cells.replaceAll(String::trim);
      return cells;
    } catch (CsvFields.MalformedCsvException e) {
      throw new IllegalArgumentException(csv + " line " + line + ": " + e.getMessage());
    }
  }

  private static double seconds(String at, String column, String value) {
    try {
      double v = Double.parseDouble(value);
      if (v >= 0 && !Double.isInfinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(at + column + " '" + value + "' is not a number of seconds >= 0");
  }
}
