package dev.earmark.pipeline.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Which VM memory size holds a worker: the peak RSS plus a safety margin, plus what the OS and
 * its page cache need. The numbers are assumptions stated in the report, not measurements.
 */
public final class VmSizing {
  /** Memory the OS, sshd, logging agents etc. keep for themselves on a small VM. */
  public static final long OS_HEADROOM_BYTES = 400L << 20;
  /** A longer or noisier night than the measured one can peak higher. */
  public static final double PEAK_MARGIN = 0.20;
  /** VM memory sizes on offer, GiB (clouds sell GiB). */
  public static final int[] SIZES_GIB = {1, 2, 4, 8};
  public static final int[] CONCURRENCY = {1, 2, 4};

  /** One sizing decision: {@code sizeGib} is 0 when not even the largest size fits. */
  public record Fit(int workers, long peakBytes, long neededBytes, int sizeGib) {
    public boolean fits() {
      return sizeGib > 0;
    }

    public String sizeLabel() {
      return fits() ? sizeGib + " GB" : "> " + SIZES_GIB[SIZES_GIB.length - 1] + " GB";
    }

    /** One sentence saying why this size and not the next smaller one. */
    public String reason() {
      String sum = String.format(java.util.Locale.ROOT, "%s%s × %.1f + %s OS = %s",
          workers == 1 ? "" : workers + " × ", Units.mb(peakBytes), 1 + PEAK_MARGIN, Units.mb(OS_HEADROOM_BYTES),
          Units.mb(neededBytes));
      if (!fits()) {
        return sum + ", more than the largest size (" + Units.mb(gib(SIZES_GIB[SIZES_GIB.length - 1])) + ").";
      }
      int smaller = smallerSize(sizeGib);
      return sum + ", which fits in " + sizeGib + " GB (" + Units.mb(gib(sizeGib)) + ")"
          + (smaller > 0 ? " but not in " + smaller + " GB (" + Units.mb(gib(smaller)) + ")." : ".");
    }
  }

  private VmSizing() {}

  public static Fit fit(int workers, long peakBytes) {
    long needed = Math.round(workers * peakBytes * (1 + PEAK_MARGIN)) + OS_HEADROOM_BYTES;
    for (int size : SIZES_GIB) {
      if (needed <= gib(size)) {
        return new Fit(workers, peakBytes, needed, size);
      }
    }
    return new Fit(workers, peakBytes, needed, 0);
  }

  public static List<Fit> table(long peakBytes) {
    List<Fit> fits = new ArrayList<>();
    for (int n : CONCURRENCY) {
      fits.add(fit(n, peakBytes));
    }
    return fits;
  }

  static long gib(int size) {
    return size * (1L << 30);
  }

  private static int smallerSize(int size) {
    int smaller = 0;
    for (int s : SIZES_GIB) {
      if (s < size) {
        smaller = s;
      }
    }
    return smaller;
  }
}
