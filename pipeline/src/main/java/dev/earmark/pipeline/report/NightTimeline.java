package dev.earmark.pipeline.report;

import dev.earmark.pipeline.report.Night.Chunk;
import dev.earmark.pipeline.report.Night.NightEvent;
import dev.earmark.pipeline.report.Night.Status;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * The night on a clock axis (UTC, whole hours): the recordings as bars over a hatched "no
 * recording" band, so gaps show; one lane per event type with a mark per event at its start; and
 * an events-per-hour strip per type. Inline SVG scaled to the page's width (phones too). The root
 * element carries the axis ({@code data-t0-ms}, {@code data-t1-ms}, {@code data-left}, {@code
 * data-right}) and each mark its start, so a test can check positions against event times.
 */
final class NightTimeline {
  static final int WIDTH = 1000;
  static final int LEFT = 84;
  static final int RIGHT = 24;
  private static final int LANE = 16;
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  /** A recording drawn without a known length: a dead letter, or an input no longer readable. */
  static final Duration NOMINAL = Duration.ofMinutes(30);

  private final Night night;
  private final Instant t0;
  private final Instant t1;
  private final Duration drawnUnknown;

  NightTimeline(Night night) {
    this.night = night;
    this.drawnUnknown = typicalLength(night.chunks());
    Instant first = null;
    Instant last = null;
    for (Chunk c : night.chunks()) {
      first = min(first, c.start());
      last = max(last, drawnEnd(c));
    }
    for (NightEvent e : night.events()) {
      first = min(first, e.start());
      last = max(last, e.end());
    }
    if (first == null) {
      first = Instant.parse(night.day() + "T00:00:00Z");
      last = first;
    }
    t0 = first.truncatedTo(ChronoUnit.HOURS);
    Instant end = last.truncatedTo(ChronoUnit.HOURS);
    t1 = end.isBefore(last) || !end.isAfter(t0) ? end.plus(Duration.ofHours(1)) : end;
  }

  Instant start() {
    return t0;
  }

  Instant end() {
    return t1;
  }

  /** The x (viewBox units) of an instant. */
  double x(Instant t) {
    double span = t1.toEpochMilli() - t0.toEpochMilli();
    return LEFT + (t.toEpochMilli() - t0.toEpochMilli()) / span * (WIDTH - LEFT - RIGHT);
  }

  /** Where a recording's bar ends: its length, else the night's typical length. */
  Instant drawnEnd(Chunk c) {
    return c.lengthKnown() ? c.end() : c.start().plus(drawnUnknown);
  }

  /** The median known length of the night's recordings (chunks are usually all alike), else 30 min. */
  static Duration typicalLength(List<Chunk> chunks) {
    List<Double> known = chunks.stream().filter(Chunk::lengthKnown).map(Chunk::seconds).sorted().toList();
    return known.isEmpty() ? NOMINAL : Duration.ofMillis(Math.round(known.get(known.size() / 2) * 1000));
  }

  /** Events per hour of the axis, per type (types in name order); {@code [type][hour]}. */
  Map<String, int[]> perHour() {
    int hours = (int) Duration.between(t0, t1).toHours();
    Map<String, int[]> counts = new TreeMap<>();
    for (NightEvent e : night.events()) {
      int h = (int) Math.min(hours - 1, Duration.between(t0, e.start()).toHours());
      counts.computeIfAbsent(e.type(), t -> new int[hours])[Math.max(0, h)]++;
    }
    return counts;
  }

  /** The SVG; {@code anchor} gives each event's link target (its table row, maybe on another page). */
  String render(IntFunction<String> anchor) {
    Map<String, int[]> perHour = perHour();
    List<String> types = new ArrayList<>(perHour.keySet());
    int hours = (int) Duration.between(t0, t1).toHours();
    int recY = 22;
    int lanesY = recY + 24;
    int stripsY = lanesY + types.size() * LANE + (types.isEmpty() ? 0 : 22);
    int height = stripsY + types.size() * LANE + 6;
    StringBuilder s = new StringBuilder();
    s.append("<svg id=\"timeline\" class=\"timeline\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
        .append("\" preserveAspectRatio=\"xMinYMin meet\" role=\"img\" aria-label=\"the night on a clock axis\"")
        .append(" data-t0-ms=\"").append(t0.toEpochMilli()).append("\" data-t1-ms=\"").append(t1.toEpochMilli())
        .append("\" data-left=\"").append(LEFT).append("\" data-right=\"").append(WIDTH - RIGHT).append("\">\n")
        .append("<defs><pattern id=\"gap\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"")
        .append(" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fbeeee\"/>")
        .append("<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#e3b5b5\" stroke-width=\"2\"/></pattern></defs>\n");
    int step = hours > 12 ? 2 : 1;
    for (int h = 0; h <= hours; h += step) {
      Instant at = t0.plus(Duration.ofHours(h));
      String px = num(x(at));
      s.append("<line class=\"tick\" x1=\"").append(px).append("\" x2=\"").append(px).append("\" y1=\"16\" y2=\"")
          .append(height).append("\" stroke=\"#e4e4e4\"/><text x=\"").append(px)
          .append("\" y=\"12\" font-size=\"11\" text-anchor=\"middle\">").append(HOUR.format(at)).append("</text>\n");
    }
    label(s, "recordings", recY + 12);
    s.append("<rect class=\"gap\" x=\"").append(LEFT).append("\" y=\"").append(recY).append("\" width=\"")
        .append(WIDTH - LEFT - RIGHT).append("\" height=\"16\" fill=\"url(#gap)\"><title>no recording</title></rect>\n");
    for (Chunk c : night.chunks()) {
      boolean dead = c.status() == Status.DEAD_LETTER;
      double x0 = x(c.start());
      double w = Math.max(2, x(drawnEnd(c)) - x0);
      s.append("<rect class=\"").append(dead ? "chunk dead-letter" : "chunk").append("\" x=\"").append(num(x0))
          .append("\" y=\"").append(recY).append("\" width=\"").append(num(w)).append("\" height=\"16\" fill=\"")
          .append(dead ? "#f2b8b8" : "#b9c6d6").append('"')
          .append(c.lengthKnown() ? "" : " stroke=\"" + (dead ? "#d62728" : "#556") + "\" stroke-dasharray=\"3,2\"")
          .append("><title>").append(Html.escape(TIME.format(c.start()) + " " + c.uri()
              + (dead ? ": dead letter " + c.error() : c.lengthKnown() ? "" : ": length unknown")))
          .append("</title></rect>\n");
    }
    for (int i = 0; i < types.size(); i++) {
      label(s, types.get(i), lanesY + i * LANE + 10);
    }
    List<NightEvent> events = night.events();
    for (int i = 0; i < events.size(); i++) {
      NightEvent e = events.get(i);
      int lane = types.indexOf(e.type());
      double x0 = x(e.start());
      double w = Math.max(2, x(e.end()) - x0);
      s.append("<a href=\"").append(anchor.apply(i)).append("\"><rect class=\"mark\" data-type=\"")
          .append(Html.escape(e.type())).append("\" data-start-ms=\"").append(e.start().toEpochMilli())
          .append("\" x=\"").append(num(x0)).append("\" y=\"").append(lanesY + lane * LANE).append("\" width=\"")
          .append(num(w)).append("\" height=\"12\" fill=\"").append(TypeColors.of(e.type())).append("\"><title>")
          .append(Html.escape(e.type() + " (" + e.label() + ") " + TIME.format(e.start()) + ", "
              + String.format(Locale.ROOT, "%.1f s", e.seconds())))
          .append("</title></rect></a>\n");
    }
    if (!types.isEmpty()) {
      s.append("<text x=\"").append(LEFT).append("\" y=\"").append(stripsY - 6)
          .append("\" font-size=\"11\" fill=\"#555\">events per hour</text>\n");
    }
    double hourWidth = (WIDTH - LEFT - RIGHT) / (double) hours;
    for (int i = 0; i < types.size(); i++) {
      int[] counts = perHour.get(types.get(i));
      int max = java.util.Arrays.stream(counts).max().orElse(1);
      int y = stripsY + i * LANE;
      label(s, types.get(i), y + 10);
      for (int h = 0; h < hours; h++) {
        if (counts[h] == 0) {
          continue;
        }
        double x0 = LEFT + h * hourWidth;
        s.append("<rect class=\"per-hour\" data-type=\"").append(Html.escape(types.get(i))).append("\" data-count=\"")
            .append(counts[h]).append("\" x=\"").append(num(x0 + 0.5)).append("\" y=\"").append(y)
            .append("\" width=\"").append(num(hourWidth - 1)).append("\" height=\"12\" fill=\"")
            .append(TypeColors.of(types.get(i))).append("\" fill-opacity=\"")
            .append(String.format(Locale.ROOT, "%.2f", 0.15 + 0.85 * counts[h] / max)).append("\"><title>")
            .append(counts[h]).append(' ').append(Html.escape(types.get(i))).append(" events ")
            .append(HOUR.format(t0.plus(Duration.ofHours(h)))).append("–")
            .append(HOUR.format(t0.plus(Duration.ofHours(h + 1)))).append("</title></rect>");
        if (hourWidth >= 18) {
          s.append("<text x=\"").append(num(x0 + hourWidth / 2)).append("\" y=\"").append(y + 10)
              .append("\" font-size=\"10\" text-anchor=\"middle\">").append(counts[h]).append("</text>");
        }
        s.append('\n');
      }
    }
    return s.append("</svg>\n").toString();
  }

  private static void label(StringBuilder s, String text, int y) {
    s.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(y)
        .append("\" font-size=\"11\" text-anchor=\"end\">").append(Html.escape(text)).append("</text>\n");
  }

  private static Instant min(Instant a, Instant b) {
    return a == null || b.isBefore(a) ? b : a;
  }

  private static Instant max(Instant a, Instant b) {
    return a == null || b.isAfter(a) ? b : a;
  }

  static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
