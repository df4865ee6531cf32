package dev.earmark.pipeline.report;

import dev.earmark.transforms.values.MemoryMetrics;
import java.util.List;

/**
 * Whether memory climbs with the run's length, per worker: the slope of RSS over time (a least
 * squares line through the windows after the first tenth, which hold the model load and warm-up)
 * and the heap's floor (the least heap in use after a window) in the first and last tenth of the
 * windows. A floor that rises is memory the run keeps; RSS per hour makes a slow climb visible.
 */
public record MemoryTrend(double rssBytesPerHour, long firstTenthHeapFloor, long lastTenthHeapFloor) {
  /** Fewer windows than this say nothing about a trend. */
  static final int MIN_WINDOWS = 20;

  /** {@code ordered}: one worker's records in time order; null when there are too few. */
  static MemoryTrend of(List<MemoryMetrics> ordered) {
    int n = ordered.size();
    if (n < MIN_WINDOWS) {
      return null;
    }
    int tenth = Math.max(1, n / 10);
    List<MemoryMetrics> settled = ordered.subList(tenth, n);
    double t0 = settled.get(0).endTimeMillis();
    double sumT = 0;
    double sumR = 0;
    double sumTT = 0;
    double sumTR = 0;
    int m = 0;
    for (MemoryMetrics r : settled) {
      if (r.rssBytes() < 0) {
        continue;
      }
      double t = (r.endTimeMillis() - t0) / 3_600_000.0;
      sumT += t;
      sumR += r.rssBytes();
      sumTT += t * t;
      sumTR += t * r.rssBytes();
      m++;
    }
    double denominator = m * sumTT - sumT * sumT;
    double slope = m > 1 && denominator > 0 ? (m * sumTR - sumT * sumR) / denominator : Double.NaN;
    return new MemoryTrend(slope, floor(ordered.subList(0, tenth)), floor(ordered.subList(n - tenth, n)));
  }

  private static long floor(List<MemoryMetrics> records) {
    return records.stream().mapToLong(MemoryMetrics::heapUsedAfter).filter(h -> h >= 0).min().orElse(-1);
  }

  /** Last tenth's heap floor over the first tenth's (1.0 = flat). */
  public double heapFloorRatio() {
    return firstTenthHeapFloor > 0 && lastTenthHeapFloor >= 0 ? (double) lastTenthHeapFloor / firstTenthHeapFloor
        : Double.NaN;
  }
}
