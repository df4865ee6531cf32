package dev.earmark.models.yamnet;

import dev.earmark.models.text.CsvFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * YAMNet's 521 AudioSet classes in score-index order, parsed from {@code yamnet_class_map.csv}
 * ({@code index,mid,display_name}, CRLF line endings upstream, display names quoted when they
 * contain commas).
 */
public final class ClassMap {
  public static final String FILE_NAME = "yamnet_class_map.csv";

  /** One class: its score index, AudioSet MID and display name. */
  public record YamnetClass(int index, String mid, String displayName) {}

  private final List<YamnetClass> classes;
  private final Map<String, Integer> byName = new HashMap<>();
  private final Map<String, Integer> byMid = new HashMap<>();

  private ClassMap(List<YamnetClass> classes) {
    this.classes = List.copyOf(classes);
    for (YamnetClass c : classes) {
      byName.putIfAbsent(c.displayName(), c.index());
      byMid.put(c.mid(), c.index());
    }
  }

  public static ClassMap read(Path csv) throws IOException {
    String text = Files.readString(csv, StandardCharsets.UTF_8);
    String[] lines = text.split("\r?\n");
    if (lines.length == 0 || !lines[0].strip().equals("index,mid,display_name")) {
      throw new IOException(csv + ": not a YAMNet class map (header must be index,mid,display_name)");
    }
    List<YamnetClass> classes = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      List<String> fields;
      try {
        fields = CsvFields.split(lines[i]);
      } catch (CsvFields.MalformedCsvException e) {
        throw new IOException(csv + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
      if (fields.size() != 3) {
        throw new IOException(csv + " line " + (i + 1) + ": expected 3 fields, got " + fields.size());
      }
      int index;
      try {
        index = Integer.parseInt(fields.get(0));
      } catch (NumberFormatException e) {
        throw new IOException(csv + " line " + (i + 1) + ": bad index " + fields.get(0), e);
      }
      if (index != classes.size()) {
        throw new IOException(csv + " line " + (i + 1) + ": index " + index + " out of order");
      }
      classes.add(new YamnetClass(index, fields.get(1), fields.get(2)));
    }
    if (classes.size() != YamnetModel.NUM_CLASSES) {
      throw new IOException(csv + ": " + classes.size() + " classes, YAMNet has " + YamnetModel.NUM_CLASSES);
    }
    return new ClassMap(classes);
  }

  public int size() {
    return classes.size();
  }

  public YamnetClass get(int index) {
    return classes.get(index);
  }

  public String displayName(int index) {
    return classes.get(index).displayName();
  }

  public List<YamnetClass> classes() {
    return classes;
  }

  public OptionalInt indexOfName(String displayName) {
    Integer i = byName.get(displayName);
    return i == null ? OptionalInt.empty() : OptionalInt.of(i);
  }

  public OptionalInt indexOfMid(String mid) {
    Integer i = byMid.get(mid);
    return i == null ? OptionalInt.empty() : OptionalInt.of(i);
  }

  /** Index of {@code displayName}; throws naming the class when it does not exist. */
  public int requireIndex(String displayName) {
    return indexOfName(displayName).orElseThrow(
        () -> new IllegalArgumentException("no YAMNet class named '" + displayName + "'"));
  }

  /** Indices of the {@code k} highest scores, best first. */
  public static int[] topK(float[] scores, int k) {
    Integer[] idx = new Integer[scores.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    java.util.Arrays.sort(idx, (a, b) -> Float.compare(scores[b], scores[a]));
    int[] out = new int[Math.min(k, idx.length)];
    for (int i = 0; i < out.length; i++) {
      out[i] = idx[i];
    }
    return out;
  }

  /** Mean over patches of per-patch scores. */
  public static float[] meanScores(float[][] scores) {
    float[] mean = new float[scores.length == 0 ? 0 : scores[0].length];
    for (float[] row : scores) {
      for (int i = 0; i < mean.length; i++) {
        mean[i] += row[i] / scores.length;
      }
    }
    return mean;
  }
}
