package dev.earmark.pipeline;

import dev.earmark.transforms.values.TargetClass;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the {@code --classes} spec into {@link TargetClass}es using YAMNet's class map. The
 * default set is what matters in a bedroom at night: breathing and snoring, coughs and sneezes,
 * speech, a crying baby, a barking dog, and alarms (alarm clock, smoke detector).
 */
final class ClassSelection {
  static final String DEFAULT_CLASSES = "Speech;Snoring;Breathing;Cough;Sneeze;Baby cry, infant cry;"
      + "Bark;Alarm;Alarm clock;Smoke detector, smoke alarm";

  /** One row of yamnet_class_map.csv. TODO(models ClassMap): use the models' ClassMap once merged. */
  record ClassEntry(int index, String mid, String displayName) {}

  private ClassSelection() {}

  static List<ClassEntry> readClassMap(Path csv) throws IOException {
    List<ClassEntry> entries = new ArrayList<>();
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).replace("\r", "");
      if (line.isBlank()) {
        continue;
      }
      int c1 = line.indexOf(',');
      int c2 = line.indexOf(',', c1 + 1);
      String name = line.substring(c2 + 1);
      if (name.startsWith("\"") && name.endsWith("\"")) {
        name = name.substring(1, name.length() - 1).replace("\"\"", "\"");
      }
      entries.add(new ClassEntry(Integer.parseInt(line.substring(0, c1)), line.substring(c1 + 1, c2), name));
    }
    return entries;
  }

  /**
   * Resolves each entry of {@code spec} (display name, case-insensitive, or MID, with optional
   * {@code @ON:OFF}) to a target class; an unknown name is an error that lists near matches.
   */
  static List<TargetClass> resolve(String spec, List<ClassEntry> classMap, float on, float off) {
    Map<String, ClassEntry> byKey = new LinkedHashMap<>();
    for (ClassEntry e : classMap) {
      byKey.put(e.displayName().toLowerCase(Locale.ROOT), e);
      byKey.put(e.mid(), e);
    }
    String separator = spec.contains(";") ? ";" : ",";
    Map<Integer, TargetClass> selected = new LinkedHashMap<>();
    for (String raw : spec.split(separator)) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      float entryOn = on;
      float entryOff = off;
      int at = entry.lastIndexOf('@');
      if (at > 0) {
        String[] thresholds = entry.substring(at + 1).split(":");
        try {
          entryOn = Float.parseFloat(thresholds[0]);
          entryOff = thresholds.length > 1 ? Float.parseFloat(thresholds[1]) : Math.min(off, entryOn);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--classes: bad thresholds in '" + entry + "' (want NAME@ON:OFF)");
        }
        entry = entry.substring(0, at).trim();
      }
      ClassEntry match = byKey.get(entry.startsWith("/") ? entry : entry.toLowerCase(Locale.ROOT));
      if (match == null) {
        throw new IllegalArgumentException("--classes: no YAMNet class named '" + entry + "'" + nearMatches(entry, classMap));
      }
      selected.putIfAbsent(match.index(),
          new TargetClass(match.index(), match.mid(), match.displayName(), entryOn, entryOff));
    }
    if (selected.isEmpty()) {
      throw new IllegalArgumentException("--classes selects no class");
    }
    return List.copyOf(selected.values());
  }

  private static String nearMatches(String entry, List<ClassEntry> classMap) {
    String needle = entry.toLowerCase(Locale.ROOT);
    String stem = needle.substring(0, Math.min(4, needle.length()));
    List<String> near = new ArrayList<>();
    for (ClassEntry e : classMap) {
      String name = e.displayName().toLowerCase(Locale.ROOT);
      if (!needle.isEmpty() && (name.contains(needle) || needle.contains(name) || name.startsWith(stem)
          || name.contains(" " + stem))) {
        near.add(e.displayName());
      }
    }
    return near.isEmpty() ? "" : "; did you mean: " + String.join(" | ", near.subList(0, Math.min(8, near.size())));
  }
}
