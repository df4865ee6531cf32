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
 * minimum. See {@link #span} for how a run of patches becomes a time span.
 */
final class EventDetector implements Serializable {
  private static final long HALF_HOP = PatchGrid.HOP_SAMPLES / 2;

  private final List<TargetClass> classes;
  private final long minEventSamples;
  private final long mergeGapSamples;

  EventDetector(List<TargetClass> classes, long minEventSamples, long mergeGapSamples) {
    this.classes = List.copyOf(classes);
    this.minEventSamples = minEventSamples;
    this.mergeGapSamples = mergeGapSamples;
  }

  /**
   * Samples {@code [start, end)} of an event whose patches {@code [first, last]} scored on.
   * YAMNet fires on a patch that holds even ~0.1 s of clear speech (measured 2026-11-24: 0.96 for
   * 75 ms), so the sound starts inside the last hop of the first patch and ends inside the first
   * hop of the last one; we take the middle of each: start = end of the first patch - hop/2, end =
   * start of the last patch + hop/2 (within 0.2 s on espeak speech). Runs of up to three patches
   * give no such interval; they get one hop centred on the run's centre.
   */
  static long[] span(long first, long last) {
    long start = PatchGrid.patchStart(first) + PatchGrid.PATCH_SAMPLES - HALF_HOP;
    long end = PatchGrid.patchStart(last) + HALF_HOP;
    if (end - start < PatchGrid.HOP_SAMPLES) {
      long centre = (PatchGrid.patchStart(first) + PatchGrid.patchStart(last) + PatchGrid.PATCH_SAMPLES) / 2;
      start = centre - HALF_HOP;
      end = centre + HALF_HOP;
    }
    return new long[] {Math.max(0, start), end};
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
      if (prev != null && span(run[0], run[1])[0] - span(prev[0], prev[1])[1] <= mergeGapSamples) {
        prev[1] = run[1];
      } else {
        merged.add(run);
      }
    }
    List<Event> events = new ArrayList<>();
    for (int[] run : merged) {
      long[] span = span(run[0], run[1]);
      long from = span[0];
      long to = span[1];
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
