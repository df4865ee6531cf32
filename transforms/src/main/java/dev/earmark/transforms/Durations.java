package dev.earmark.transforms;

import java.util.Locale;

/** How earmark writes a length of time for people: the console's ETA and the memory report. */
public final class Durations {

  private Durations() {}

  /** "1h 02m", "5m 10s", "42s": whole seconds, and no seconds once it is an hour or more. */
  public static String format(double seconds) {
    long s = Math.round(seconds);
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60);
    }
    return s >= 60 ? String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60) : s + "s";
  }
}
