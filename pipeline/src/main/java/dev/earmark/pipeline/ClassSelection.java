package dev.earmark.pipeline;

import dev.earmark.models.yamnet.ClassMap;
import dev.earmark.models.yamnet.ClassMap.YamnetClass;
import dev.earmark.transforms.values.TargetClass;
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

  private ClassSelection() {}

  /**
   * Resolves each entry of {@code spec} (display name, case-insensitive, or MID, with optional
   * {@code @ON:OFF}) to a target class; an unknown name is an error that lists near matches.
   */
  static List<TargetClass> resolve(String spec, ClassMap classMap, float on, float off) {
    Map<String, YamnetClass> byKey = new LinkedHashMap<>();
    for (YamnetClass e : classMap.classes()) {
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
      YamnetClass match = byKey.get(entry.startsWith("/") ? entry : entry.toLowerCase(Locale.ROOT));
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

  private static String nearMatches(String entry, ClassMap classMap) {
    String needle = entry.toLowerCase(Locale.ROOT);
    String stem = needle.substring(0, Math.min(4, needle.length()));
    List<String> near = new ArrayList<>();
    for (YamnetClass e : classMap.classes()) {
      String name = e.displayName().toLowerCase(Locale.ROOT);
      if (!needle.isEmpty() && (name.contains(needle) || needle.contains(name) || name.startsWith(stem)
          || name.contains(" " + stem))) {
        near.add(e.displayName());
      }
    }
    return near.isEmpty() ? "" : "; did you mean: " + String.join(" | ", near.subList(0, Math.min(8, near.size())));
  }
}
