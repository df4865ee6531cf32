package dev.earmark.pipeline.evaluate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Matches detections to truth: a detection finds a truth row when its type or label is accepted for
 * the row's label ({@link Synonyms}) and the two overlap once the truth is padded by {@code pad}
 * seconds on each side. A detection is a false event when its recording has no truth rows, or when
 * it lies more than {@code gap} seconds from every truth row (near an inserted sound, a second
 * label or a long tail is not counted against the detector).
 */
public final class Evaluation {
  private final Synonyms synonyms;
  private final double pad;
  private final double gap;

  public Evaluation(Synonyms synonyms, double padSeconds, double gapSeconds) {
    if (!(padSeconds >= 0) || !(gapSeconds >= 0)) {
      throw new IllegalArgumentException("pad and gap must be >= 0 seconds");
    }
    this.synonyms = synonyms;
    this.pad = padSeconds;
    this.gap = gapSeconds;
  }

  public EvaluationResult evaluate(List<EvaluatedRecording> recordings) {
    Map<String, int[]> figures = new LinkedHashMap<>(); // name -> ClassFigures counters, in order
    Map<String, Map<String, Integer>> onOthers = new HashMap<>(); // detected class -> truth label -> count
    for (EvaluatedRecording r : recordings) {
      r.truth().forEach(t -> counters(figures, t.label()));
    }
    double hours = 0;
    double eventFreeHours = 0;
    double gapHours = 0;
    int eventFree = 0;
    int eventFreeEvents = 0;
    int gapFalse = 0;
    // The totals count each detection once, however many classes accept it.
    int matchedDetections = 0;
    Map<String, Integer> allOnOthers = new HashMap<>();
    for (EvaluatedRecording r : recordings) {
      hours += r.durationSeconds() / 3600;
      for (TruthRow t : r.truth()) {
        boolean found = r.detections().stream().anyMatch(d -> synonyms.accepts(t.label(), d) && overlaps(d, t, pad));
        int[] c = counters(figures, t.label());
        c[t.faint() ? 2 : 0]++;
        if (found) {
          c[t.faint() ? 3 : 1]++;
        }
      }
      for (Detection d : r.detections()) {
        List<TruthRow> near = r.truth().stream().filter(t -> overlaps(d, t, pad)).toList();
        boolean matched = near.stream().anyMatch(t -> synonyms.accepts(t.label(), d));
        boolean isFalse = r.truth().stream().noneMatch(t -> overlaps(d, t, gap));
        Set<String> otherLabels = new TreeSet<>();
        if (!matched && !isFalse) {
          near.forEach(t -> otherLabels.add(t.label()));
        }
        matchedDetections += matched ? 1 : 0;
        otherLabels.forEach(label -> allOnOthers.merge(label, 1, Integer::sum));
        for (String name : classesOf(d, figures)) {
          String key = key(figures, name);
          int[] c = figures.computeIfAbsent(key, k -> new int[7]);
          c[4]++;
          c[5] += matched ? 1 : 0;
          c[6] += isFalse ? 1 : 0;
          for (String label : otherLabels) {
            onOthers.computeIfAbsent(key, k -> new HashMap<>()).merge(label, 1, Integer::sum);
          }
        }
        if (isFalse && r.eventFree()) {
          eventFreeEvents++;
        } else if (isFalse) {
          gapFalse++;
        }
      }
      if (r.eventFree()) {
        eventFree++;
        eventFreeHours += r.durationSeconds() / 3600;
      } else {
        gapHours += gapSeconds(r) / 3600;
      }
    }
    List<ClassFigures> classes = new ArrayList<>();
    int[] sum = new int[7];
    figures.forEach((name, c) -> {
      classes.add(figures(name, c, onOthers.getOrDefault(name, Map.of())));
      for (int i = 0; i < 4; i++) {
        sum[i] += c[i];
      }
    });
    sum[4] = recordings.stream().mapToInt(r -> r.detections().size()).sum();
    sum[5] = matchedDetections;
    sum[6] = eventFreeEvents + gapFalse;
    return new EvaluationResult(classes, figures("all", sum, allOnOthers), recordings.size(), eventFree, hours, eventFreeHours,
        gapHours, eventFreeEvents, gapFalse, pad, gap);
  }

  private static ClassFigures figures(String name, int[] c, Map<String, Integer> onOthers) {
    return new ClassFigures(name, c[0], c[1], c[2], c[3], c[4], c[5], c[6], onOthers);
  }

  private static int[] counters(Map<String, int[]> figures, String name) {
    return figures.computeIfAbsent(key(figures, name), k -> new int[7]);
  }

  /** The name {@code figures} already holds for {@code name} (names match as {@link Synonyms} compares them). */
  private static String key(Map<String, int[]> figures, String name) {
    for (String existing : figures.keySet()) {
      if (Synonyms.norm(existing).equals(Synonyms.norm(name))) {
        return existing;
      }
    }
    return name;
  }

  /** The truth classes that accept {@code d}; a detection no truth class accepts counts under its type. */
  private List<String> classesOf(Detection d, Map<String, int[]> figures) {
    List<String> names = new ArrayList<>();
    for (String name : List.copyOf(figures.keySet())) {
      if (synonyms.accepts(name, d)) {
        names.add(name);
      }
    }
    return names.isEmpty() ? List.of(d.type()) : names;
  }

  static boolean overlaps(Detection d, TruthRow t, double padSeconds) {
    return d.startSeconds() < t.endSeconds() + padSeconds && d.endSeconds() > t.startSeconds() - padSeconds;
  }

  /** Seconds of the recording farther than the gap from every truth row. */
  private double gapSeconds(EvaluatedRecording r) {
    List<double[]> covered = new ArrayList<>();
    r.truth().stream().map(t -> new double[] {Math.max(0, t.startSeconds() - gap), t.endSeconds() + gap})
        .sorted((a, b) -> Double.compare(a[0], b[0])).forEach(iv -> {
          double[] last = covered.isEmpty() ? null : covered.get(covered.size() - 1);
          if (last != null && iv[0] <= last[1]) {
            last[1] = Math.max(last[1], iv[1]);
          } else {
            covered.add(iv);
          }
        });
    double near = covered.stream().mapToDouble(iv -> Math.min(iv[1], r.durationSeconds()) - Math.min(iv[0], r.durationSeconds())).sum();
    return Math.max(0, r.durationSeconds() - near);
  }
}
