package dev.earmark.pipeline;

import dev.earmark.models.yamnet.ClassMap.YamnetClass;
import dev.earmark.models.yamnet.ClassMap;
import dev.earmark.transforms.values.TargetClass;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the {@code --classes} spec into {@link TargetClass}es using YAMNet's class map, and finds
 * classes by name for the event-types file: the one place a class name is looked up.
 */
final class ClassSelection {
  private ClassSelection() {}

  /**
   * The class {@code name} names: a display name (case-insensitive) or a MID. An unknown name is
   * an error that lists near matches.
   */
  static YamnetClass find(String name, ClassMap classMap) {
    String key = name.trim();
    for (YamnetClass e : classMap.classes()) {
      if (key.startsWith("/") ? e.mid().equals(key) : e.displayName().equalsIgnoreCase(key)) {
        return e;
      }
    }
    throw new IllegalArgumentException("no YAMNet class named '" + key + "'" + nearMatches(key, classMap));
  }

  /**
   * Resolves each entry of {@code spec} (display name, case-insensitive, or MID, with optional
   * {@code @ON:OFF}) to a target class; an unknown name is an error that lists near matches.
   */
  static List<TargetClass> resolve(String spec, ClassMap classMap, float on, float off) {
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
      YamnetClass match;
      try {
        match = find(entry, classMap);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--classes: " + e.getMessage());
      }
      selected.putIfAbsent(match.index(),
          new TargetClass(match.index(), match.mid(), match.displayName(), entryOn, entryOff));
    }
    if (selected.isEmpty()) {
      throw new IllegalArgumentException("--classes selects no class");
    }
    return List.copyOf(selected.values());
  }

  private static String nearMatches(String entry, ClassMap classMap) {
    String needle = entry.toLowerCase(Locale.ROOT);
    String stem = needle.substring(0, Math.min(4, needle.length()));
    List<String> near = new ArrayList<>();
    for (YamnetClass e : classMap.classes()) {
      String name = e.displayName().toLowerCase(Locale.ROOT);
      if (!needle.isEmpty() && (name.contains(needle) || needle.contains(name) || name.startsWith(stem)
          || name.contains(" " + stem) || editDistance(needle, name) <= 2)) {
        near.add(e.displayName());
      }
    }
    return near.isEmpty() ? "" : "; did you mean: " + String.join(" | ", near.subList(0, Math.min(8, near.size())));
  }

  /** Levenshtein distance: catches typos such as "Cuogh" that share no prefix with the class. */
  static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(substitute, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
