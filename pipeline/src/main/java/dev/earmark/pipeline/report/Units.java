package dev.earmark.pipeline.report;

import java.util.Locale;

/** Number formatting shared by both renderers, so the md and html say the same thing. */
final class Units {
  private Units() {}

  private static final double MIB = 1 << 20;

  /** Megabytes of 2^20 bytes, as earmark's run report and benchmarks print them; "-" when unknown. */
  static String mb(long bytes) {
    return bytes < 0 ? "-" : String.format(Locale.ROOT, "%d MB", Math.round(bytes / MIB));
  }

  /** Signed, for differences that may be negative (unknown is the caller's business). */
  static String mbDelta(long bytes) {
    return String.format(Locale.ROOT, "%+d MB", Math.round(bytes / MIB));
  }

  static double toMb(long bytes) {
    return bytes / MIB;
  }

  static String fileSize(long bytes) {
    if (bytes < 0) {
      return "-";
    }
    return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MB", bytes / MIB)
        : String.format(Locale.ROOT, "%.1f kB", bytes / 1024.0);
  }

  static String hours(double seconds) {
    return String.format(Locale.ROOT, "%.2f h", seconds / 3600);
  }

  static String ratio(double x) {
    return Double.isFinite(x) ? String.format(Locale.ROOT, "%.1fx", x) : "-";
  }

  static String fixed(double x, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", x);
  }
}
