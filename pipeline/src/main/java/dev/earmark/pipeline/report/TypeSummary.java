package dev.earmark.pipeline.report;

import dev.earmark.pipeline.report.Night.NightEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line per event type of a night: count, total minutes, the span from the first event's start
 * to the last one's end (UTC), and the longest event, e.g. {@code "snore: 41 events, 63 min,
 * 23:40–06:10, longest 95 s"}.
 */
record TypeSummary(String type, int count, double seconds, double longest, Instant first, Instant last) {
  private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

  /** Per type, in type-name order. */
  static List<TypeSummary> of(List<NightEvent> events) {
    Map<String, List<NightEvent>> byType = new TreeMap<>();
    events.forEach(e -> byType.computeIfAbsent(e.type(), t -> new ArrayList<>()).add(e));
    List<TypeSummary> out = new ArrayList<>();
    byType.forEach((type, es) -> {
      double total = 0;
      double longest = 0;
      Instant first = null;
      Instant last = null;
      for (NightEvent e : es) {
        total += e.seconds();
        longest = Math.max(longest, e.seconds());
        first = first == null || e.start().isBefore(first) ? e.start() : first;
        last = last == null || e.end().isAfter(last) ? e.end() : last;
      }
      out.add(new TypeSummary(type, es.size(), total, longest, first, last));
    });
    return out;
  }

  String line() {
    return type + ": " + count + (count == 1 ? " event, " : " events, ") + minutes(seconds) + ", "
        + HHMM.format(first) + "–" + HHMM.format(last) + ", longest " + duration(longest);
  }

  /** Whole minutes from 10 on, tenths below (a night of short coughs is not "0 min"). */
  static String minutes(double seconds) {
    double min = seconds / 60;
    return min >= 10 ? Math.round(min) + " min" : String.format(Locale.ROOT, "%.1f min", min);
  }

  static String duration(double seconds) {
    return seconds < 60 ? String.format(Locale.ROOT, "%.1f s", seconds)
        : String.format(Locale.ROOT, "%.1f min", seconds / 60);
  }
}
