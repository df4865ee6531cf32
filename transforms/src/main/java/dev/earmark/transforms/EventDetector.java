package dev.earmark.transforms;

import dev.earmark.models.yamnet.PatchGrid;
import dev.earmark.transforms.values.AudioWindow;
import dev.earmark.transforms.values.Event;
import dev.earmark.transforms.values.TargetClass;
import dev.earmark.transforms.values.WindowScores;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Turns one recording's patch scores into events: per class, hysteresis (on/off thresholds),
 * then merging of events closer than the merge gap, then dropping events shorter than the
 * minimum. Patch {@code k} stands for the 0.48 s hop cell centred on the patch centre, so an event
 * over patches {@code [a, b]} spans {@code [cellStart(a), cellEnd(b))}.
 */
final class EventDetector implements Serializable {
  /** Centre of patch 0 on the 16 kHz timeline. */
  static final long PATCH_CENTRE = PatchGrid.PATCH_SAMPLES / 2;

  private final List<TargetClass> classes;
  private final long minEventSamples;
  private final long mergeGapSamples;

  EventDetector(List<TargetClass> classes, long minEventSamples, long mergeGapSamples) {
    this.classes = List.copyOf(classes);
    this.minEventSamples = minEventSamples;
    this.mergeGapSamples = mergeGapSamples;
  }

  static long cellStart(long patch) {
    return Math.max(0, PatchGrid.patchStart(patch) + PATCH_CENTRE - PatchGrid.HOP_SAMPLES / 2);
  }

  static long cellEnd(long patch) {
    return PatchGrid.patchStart(patch) + PATCH_CENTRE + PatchGrid.HOP_SAMPLES / 2;
  }

  /** Events of one recording, given all its windows in any order (missing patches score NaN). */
  List<Event> detect(Iterable<WindowScores> windows) {
    List<WindowScores> sorted = new ArrayList<>();
    windows.forEach(sorted::add);
    if (sorted.isEmpty()) {
      return List.of();
    }
    sorted.sort(Comparator.comparingLong(w -> w.window().firstPatch()));
    AudioWindow any = sorted.get(0).window();
    WindowScores last = sorted.get(sorted.size() - 1);
    int patches = Math.toIntExact(last.window().firstPatch() + last.window().patchCount());
    List<Event> events = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      float[] series = new float[patches];
      // A window that failed to decode leaves a gap: NaN is below every threshold, so it splits events.
      Arrays.fill(series, Float.NaN);
      for (WindowScores w : sorted) {
        for (int p = 0; p < w.window().patchCount(); p++) {
          series[(int) w.window().firstPatch() + p] = w.scores()[p][c];
        }
      }
      events.addAll(detectClass(any, classes.get(c), series));
    }
    events.sort(Comparator.comparingLong(Event::startSample).thenComparing(Event::label));
    return events;
  }

  List<Event> detectClass(AudioWindow source, TargetClass cls, float[] series) {
    List<int[]> runs = new ArrayList<>(); // inclusive patch ranges
    int start = -1;
    for (int p = 0; p < series.length; p++) {
      float s = series[p];
      if (start < 0 && s >= cls.onThreshold()) {
        start = p;
      } else if (start >= 0 && !(s >= cls.offThreshold())) {
        runs.add(new int[] {start, p - 1});
        start = -1;
      }
    }
    if (start >= 0) {
      runs.add(new int[] {start, series.length - 1});
    }
    List<int[]> merged = new ArrayList<>();
    for (int[] run : runs) {
      int[] prev = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (prev != null && cellStart(run[0]) - cellEnd(prev[1]) <= mergeGapSamples) {
        prev[1] = run[1];
      } else {
        merged.add(run);
      }
    }
    List<Event> events = new ArrayList<>();
    for (int[] run : merged) {
      long from = cellStart(run[0]);
      long to = cellEnd(run[1]);
      if (to - from < minEventSamples) {
        continue;
      }
      float peak = 0;
      double sum = 0;
      int n = 0;
      for (int p = run[0]; p <= run[1]; p++) {
        if (!Float.isNaN(series[p])) {
          peak = Math.max(peak, series[p]);
          sum += series[p];
          n++;
        }
      }
      events.add(new Event(source.recording(), source.info(), cls.displayName(), cls.mid(), from, to,
          peak, (float) (sum / n)));
    }
    return events;
  }
}
