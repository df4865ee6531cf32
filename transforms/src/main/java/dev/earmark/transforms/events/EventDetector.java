package dev.earmark.transforms.events;

import dev.earmark.models.yamnet.PatchGrid;
import dev.earmark.transforms.values.AudioWindow;
import dev.earmark.transforms.values.Event;
import dev.earmark.transforms.values.EventType;
import dev.earmark.transforms.values.TargetClass;
import dev.earmark.transforms.values.WindowScores;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Turns one recording's patch scores into events: per event type, hysteresis over its member
 * classes (a patch is on when some member is at or above its on-threshold, and an event lasts while
 * some member stays at or above its off-threshold; a patch where one of the type's {@code unless}
 * classes reaches its threshold is neither, and where a type has gates, a patch is on or sustained
 * only while a gate is too), then the type's rule (at least {@code
 * minPatches} consecutive on patches), then merging of events closer than the merge gap, then
 * dropping events shorter than the minimum. See {@link #span} for how a run of patches becomes a
 * time span.
 */
final class EventDetector implements Serializable {
  private static final long HALF_HOP = PatchGrid.HOP_SAMPLES / 2;

  private final List<EventType> types;
  private final long minEventSamples;
  private final long mergeGapSamples;

  EventDetector(List<EventType> types, long minEventSamples, long mergeGapSamples) {
    this.types = List.copyOf(types);
    this.minEventSamples = minEventSamples;
    this.mergeGapSamples = mergeGapSamples;
    EventType.scoreColumns(types); // one class, one type: fails here rather than per recording
  }
  /**
   * Samples {@code [start, end)} of an event whose patches {@code [first, last]} scored on.
   * YAMNet fires on a patch that holds even ~0.1 s of clear speech (measured 2026-11-24: 0.96 for
   * 75 ms), so the sound starts inside the last hop of the first patch and ends inside the first
   * hop of the last one; we take the middle of each: start = end of the first patch - hop/2, end =
   * start of the last patch + hop/2 (within 0.2 s on espeak speech). Runs of up to three patches
   * give no such interval; they get one hop centred on the run's centre.
   */
  static SampleSpan span(long first, long last) {
    long start = PatchGrid.patchStart(first) + PatchGrid.PATCH_SAMPLES - HALF_HOP;
    long end = PatchGrid.patchStart(last) + HALF_HOP;
    if (end - start < PatchGrid.HOP_SAMPLES) {
      long centre = (PatchGrid.patchStart(first) + PatchGrid.patchStart(last) + PatchGrid.PATCH_SAMPLES) / 2;
      start = centre - HALF_HOP;
      end = centre + HALF_HOP;
    }
    return new SampleSpan(Math.max(0, start), end);
  }

  /** Samples {@code [start, end)} on the 16 kHz timeline. */
  record SampleSpan(long start, long end) {
    long length() {
      return end - start;
    }
  }

  /** Patches {@code [first, last]} (inclusive) in which a type stayed on. */
  private record PatchRun(int first, int last) {
    SampleSpan span() {
      return EventDetector.span(first, last);
    }
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
    int column = 0; // EventType.scoreColumns' order: type by type, members, unless classes, gates
    for (EventType type : types) {
      float[][] series = new float[type.classes().size()][];
      for (int m = 0; m < series.length; m++, column++) {
        series[m] = series(sorted, column, patches);
      }
      float[][] vetoes = new float[type.unless().size()][];
      for (int v = 0; v < vetoes.length; v++, column++) {
        vetoes[v] = series(sorted, column, patches);
      }
      float[][] gates = new float[type.gates().size()][];
      for (int g = 0; g < gates.length; g++, column++) {
        gates[g] = series(sorted, column, patches);
      }
      events.addAll(detectType(any, type, series, vetoes, gates));
    }
    events.sort(Comparator.comparingLong(Event::startSample).thenComparing(Event::label));
    return events;
  }

  /** One score column over the whole recording, stitched from its windows. */
  private static float[] series(List<WindowScores> sorted, int column, int patches) {
    float[] series = new float[patches];
    // A window that failed to decode leaves a gap: NaN is below every threshold, so it splits events.
    Arrays.fill(series, Float.NaN);
    for (WindowScores w : sorted) {
      for (int p = 0; p < w.window().patchCount(); p++) {
        series[(int) w.window().firstPatch() + p] = w.scores()[p][column];
      }
    }
    return series;
  }

  /**
   * Events of one type; {@code series[m]} are the scores of its m-th member class, {@code
   * vetoes[v]} those of its v-th unless class, {@code gates[g]} those of its g-th gate.
   */
  private List<Event> detectType(AudioWindow source, EventType type, float[][] series, float[][] vetoes,
      float[][] gates) {
    int length = series[0].length;
    boolean[] on = new boolean[length];
    boolean[] sustained = new boolean[length];
    anyAtThresholds(series, type.classes(), on, sustained);
    for (int v = 0; v < vetoes.length; v++) {
      float score = type.unless().get(v).onThreshold();
      for (int p = 0; p < length; p++) {
        if (vetoes[v][p] >= score) {
          on[p] = false;
          sustained[p] = false;
        }
      }
    }
    if (gates.length > 0) {
      boolean[] gateOn = new boolean[length];
      boolean[] gateSustained = new boolean[length];
      anyAtThresholds(gates, type.gates(), gateOn, gateSustained);
      for (int p = 0; p < length; p++) {
        on[p] &= gateOn[p];
        sustained[p] &= gateSustained[p];
      }
    }
    List<PatchRun> runs = new ArrayList<>();
    int start = -1;
    for (int p = 0; p < length; p++) {
      if (start < 0 && on[p]) {
        start = p;
      } else if (start >= 0 && !sustained[p]) {
        runs.add(new PatchRun(start, p - 1));
        start = -1;
      }
    }
    if (start >= 0) {
      runs.add(new PatchRun(start, length - 1));
    }
    runs.removeIf(run -> longestOnStretch(on, run) < type.minPatches());
    List<PatchRun> merged = new ArrayList<>();
    for (PatchRun run : runs) {
      PatchRun prev = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (prev != null && run.span().start() - prev.span().end() <= mergeGapSamples) {
        merged.set(merged.size() - 1, new PatchRun(prev.first(), run.last()));
      } else {
        merged.add(run);
      }
    }
    List<Event> events = new ArrayList<>();
    for (PatchRun run : merged) {
      SampleSpan span = run.span();
      if (span.length() < minEventSamples) {
        continue;
      }
      events.add(event(source, type, series, run, span));
    }
    return events;
  }

  /**
   * Marks {@code on[p]} where some {@code series[c][p]} is at or above {@code classes.get(c)}'s
   * on-threshold, and {@code sustained[p]} where some is at or above its off-threshold.
   */
  private static void anyAtThresholds(float[][] series, List<TargetClass> classes, boolean[] on, boolean[] sustained) {
    for (int c = 0; c < series.length; c++) {
      TargetClass cls = classes.get(c);
      for (int p = 0; p < on.length; p++) {
        on[p] |= series[c][p] >= cls.onThreshold();
        sustained[p] |= series[c][p] >= cls.offThreshold();
      }
    }
  }

  private static int longestOnStretch(boolean[] on, PatchRun run) {
    int longest = 0;
    for (int p = run.first(), stretch = 0; p <= run.last(); p++) {
      stretch = on[p] ? stretch + 1 : 0;
      longest = Math.max(longest, stretch);
    }
    return longest;
  }

  /** The event of one run, labelled with the member class that peaked highest (the first on ties). */
  private static Event event(AudioWindow source, EventType type, float[][] series, PatchRun run, SampleSpan span) {
    int best = 0;
    float peak = -1;
    for (int m = 0; m < series.length; m++) {
      for (int p = run.first(); p <= run.last(); p++) {
        if (series[m][p] > peak) {
          peak = series[m][p];
          best = m;
        }
      }
    }
    double sum = 0;
    int n = 0;
    for (int p = run.first(); p <= run.last(); p++) {
      if (!Float.isNaN(series[best][p])) {
        sum += series[best][p];
        n++;
      }
    }
    TargetClass label = type.classes().get(best);
    return new Event(source.recording(), source.info(), type.name(), label.displayName(), label.mid(),
        span.start(), span.end(), peak, (float) (sum / n));
  }
}
