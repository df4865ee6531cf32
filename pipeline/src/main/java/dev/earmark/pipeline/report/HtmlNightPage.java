package dev.earmark.pipeline.report;

import dev.earmark.pipeline.report.Night.Chunk;
import dev.earmark.pipeline.report.Night.NightEvent;
import dev.earmark.pipeline.report.Night.Status;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The pages of one night, {@code reports/nights/<user>/<day>.html} then {@code <day>-p2.html}, ...
 * when the night has more than {@code pageSize} events: the first holds the summary per type, the
 * timeline, the recordings and the first events; every page holds a slice of the events table with
 * an {@code <audio>} player (a relative link to the clip) and a spectrogram thumbnail per event.
 * Self-contained (inline CSS, SVG and images; a few lines of plain JS to filter by type), no
 * network, links relative so the output root can be copied or served as static files.
 */
final class HtmlNightPage {
  static final int PAGE_SIZE = 500;
  /** Above this many players a page does not ask the browser to fetch every clip's header at once. */
  static final int PRELOAD_LIMIT = 100;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final String CSS = """
      body{font-family:system-ui,sans-serif;margin:12px;color:#222;max-width:1100px}
      h1{font-size:20px}h2{font-size:16px;margin-top:20px}
      nav{font-size:14px;margin-bottom:8px}nav a{margin-right:10px}
      .note{color:#555;font-size:13px}.warning{color:#a40}
      svg.timeline{width:100%;height:auto;display:block;border:1px solid #ddd;background:#fff}
      .dot{display:inline-block;width:10px;height:10px;border-radius:5px;margin-right:5px}
      ul.summary{padding-left:0;list-style:none}ul.summary li{margin:3px 0}
      .scroll{overflow-x:auto}
      table{border-collapse:collapse;font-size:13px;margin:8px 0}
      th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:middle}th{background:#f3f3f3}
      td.num{text-align:right}tr.dead-letter td{background:#fdeaea}
      audio{width:220px;max-width:100%}img.spec{display:block;image-rendering:pixelated}
      @media (max-width:640px){table.events thead{display:none}
        table.events tr{display:block;border-bottom:1px solid #ccc;padding:4px 0}
        table.events td{display:inline-block;border:none;padding:2px 4px}}
      """;
  private static final String FILTER_JS = """
      <script>
      document.getElementById('type-filter').addEventListener('change', function () {
        var t = this.value;
        document.querySelectorAll('table.events tr[data-type], svg.timeline [data-type]').forEach(function (el) {
          el.style.display = (!t || el.getAttribute('data-type') === t) ? '' : 'none';
        });
      });
      </script>
      """;

  /** Neighbouring nights of the same user (days, or null) and the run whose memory report to link (or null). */
  record Links(String previous, String next, String runId, boolean memoryReport) {}

  private final Night night;
  private final Links links;
  private final int pageSize;

  HtmlNightPage(Night night, Links links, int pageSize) {
    this.night = night;
    this.links = links;
    this.pageSize = pageSize;
  }

  int pages() {
    return Math.max(1, (night.events().size() + pageSize - 1) / pageSize);
  }

  /** {@code <day>.html} for page 1, {@code <day>-p<N>.html} after. */
  static String fileName(String day, int page) {
    return page == 1 ? day + ".html" : day + "-p" + page + ".html";
  }

  /** Page {@code page} (1-based); {@code cells} gives each event's thumbnail cell content (html). */
  String render(int page, Function<NightEvent, String> thumbnail) {
    List<NightEvent> events = night.events();
    int from = (page - 1) * pageSize;
    int to = Math.min(events.size(), from + pageSize);
    String title = night.user() + ": the night of " + night.day() + (page > 1 ? ", page " + page : "");
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
        .append(Html.escape(title)).append(" · earmark</title>\n<style>").append(CSS).append("</style></head><body>\n");
    nav(h);
    h.append("<h1>").append(Html.escape(title)).append(" <small class=\"note\">(UTC)</small></h1>\n");
    h.append("<p class=\"note").append(night.deadLetters() > 0 ? " warning" : "").append("\" id=\"night-line\">")
        .append(Html.escape(nightLine())).append("</p>\n");
    if (page == 1) {
      summary(h);
      h.append("<section id=\"timeline-section\"><h2>Timeline</h2>\n")
          .append(new NightTimeline(night).render(i -> fileName(night.day(), i / pageSize + 1) + "#e" + i))
          .append("<p class=\"note\">Recordings are the blue bars; hatched: no recording; red: a recording that"
              + " failed (dead letter); dashed outline: length unknown. Click a mark to go to its event.</p>\n")
          .append("</section>\n");
    }
    if (!events.isEmpty()) {
      eventsTable(h, page, from, to, thumbnail);
    }
    if (page == 1) {
      recordings(h);
    }
    h.append("</body></html>\n");
    return h.toString();
  }

  private String nightLine() {
    long finished = night.chunks().size() - night.deadLetters();
    boolean unknown = night.chunks().stream().anyMatch(c -> c.status() != Status.DEAD_LETTER && !c.lengthKnown());
    StringBuilder s = new StringBuilder();
    s.append(finished).append(finished == 1 ? " recording" : " recordings").append(" (")
        .append(TypeSummary.minutes(night.audioSeconds())).append(" of audio").append(unknown ? ", some of unknown length" : "")
        .append(")");
    if (night.deadLetters() > 0) {
      s.append(", ").append(night.deadLetters()).append(night.deadLetters() == 1 ? " dead letter" : " dead letters");
    }
    s.append("; ").append(night.events().size()).append(night.events().size() == 1 ? " event." : " events.");
    if (links.runId() != null) {
      s.append(" Written by run ").append(links.runId()).append('.');
    }
    return s.toString();
  }

  private void nav(StringBuilder h) {
    h.append("<nav id=\"nav\">");
    if (links.previous() != null) {
      h.append("<a id=\"prev-night\" href=\"").append(fileName(links.previous(), 1)).append("\">← ")
          .append(links.previous()).append("</a>");
    }
    h.append("<a id=\"index-link\" href=\"../index.html\">all nights</a>");
    if (links.next() != null) {
      h.append("<a id=\"next-night\" href=\"").append(fileName(links.next(), 1)).append("\">").append(links.next())
          .append(" →</a>");
    }
    if (links.runId() != null && links.memoryReport()) {
      h.append("<a id=\"memory-report\" href=\"../../").append(encode(links.runId()))
          .append("/memory.html\">memory report of run ").append(Html.escape(links.runId())).append("</a>");
    }
    h.append("</nav>\n");
  }

  private void summary(StringBuilder h) {
    h.append("<section id=\"summary-section\"><h2>Summary</h2>\n");
    if (night.events().isEmpty()) {
      String why = night.finishedAny()
          ? "No events this night: the recordings were classified and no event type fired."
          : "No events this night: none of its recordings could be classified (see the dead letters below).";
      h.append("<p id=\"no-events\">").append(why).append("</p>\n");
    } else {
      h.append("<ul class=\"summary\" id=\"type-summary\">\n");
      for (TypeSummary t : TypeSummary.of(night.events())) {
        h.append("<li data-summary-type=\"").append(Html.escape(t.type())).append("\">").append(dot(t.type()))
            .append(Html.escape(t.line())).append("</li>\n");
      }
      h.append("</ul>\n");
    }
    h.append("</section>\n");
  }

  private void eventsTable(StringBuilder h, int page, int from, int to, Function<NightEvent, String> thumbnail) {
    List<NightEvent> events = night.events();
    h.append("<section id=\"events-section\"><h2>Events</h2>\n<p class=\"note\" id=\"pages\">Events ")
        .append(from + 1).append("–").append(to).append(" of ").append(events.size());
    if (pages() > 1) {
      h.append(" · pages:");
      for (int p = 1; p <= pages(); p++) {
        h.append(' ');
        if (p == page) {
          h.append("<b>").append(p).append("</b>");
        } else {
          h.append("<a class=\"page-link\" href=\"").append(fileName(night.day(), p)).append("\">").append(p).append("</a>");
        }
      }
    }
    h.append("</p>\n<label>Type: <select id=\"type-filter\"><option value=\"\">all</option>");
    for (TypeSummary t : TypeSummary.of(events)) {
      h.append("<option>").append(Html.escape(t.type())).append("</option>");
    }
    h.append("</select></label>\n<div class=\"scroll\"><table class=\"events\" id=\"events\"><thead><tr><th>time</th>")
        .append("<th>type</th><th>label</th><th>peak</th><th>mean</th><th>duration</th><th>clip</th>")
        .append("<th>spectrogram</th></tr></thead><tbody>\n");
    String preload = to - from <= PRELOAD_LIMIT ? "metadata" : "none";
    for (int i = from; i < to; i++) {
      NightEvent e = events.get(i);
      h.append("<tr class=\"event\" id=\"e").append(i).append("\" data-type=\"").append(Html.escape(e.type()))
          .append("\" data-start-ms=\"").append(e.start().toEpochMilli()).append("\"><td>")
          .append(TIME.format(e.start())).append("</td><td>").append(dot(e.type())).append(Html.escape(e.type()))
          .append("</td><td>").append(Html.escape(e.label())).append("</td><td class=\"num\">").append(score(e.peak()))
          .append("</td><td class=\"num\">").append(score(e.mean())).append("</td><td class=\"num\">")
          .append(String.format(Locale.ROOT, "%.1f s", e.seconds())).append("</td><td>");
      if (e.clip() == null) {
        h.append("no clip");
      } else {
        h.append("<audio controls preload=\"").append(preload).append("\" src=\"").append(clipHref(e.clip()))
            .append("\"></audio>");
      }
      h.append("</td><td>").append(thumbnail.apply(e)).append("</td></tr>\n");
    }
    h.append("</tbody></table></div>\n").append(FILTER_JS).append("</section>\n");
  }

  private void recordings(StringBuilder h) {
    h.append("<section id=\"recordings-section\"><h2>Recordings</h2>\n<div class=\"scroll\"><table id=\"recordings\">")
        .append("<thead><tr><th>start</th><th>length</th><th>events</th><th>status</th><th>recording</th></tr></thead>")
        .append("<tbody>\n");
    for (Chunk c : night.chunks()) {
      boolean dead = c.status() == Status.DEAD_LETTER;
      h.append("<tr class=\"").append(dead ? "recording dead-letter" : "recording").append("\"><td>")
          .append(TIME.format(c.start())).append("</td><td class=\"num\">")
          .append(c.lengthKnown() ? TypeSummary.minutes(c.seconds()) : "unknown").append("</td><td class=\"num\">")
          .append(dead ? "-" : String.valueOf(c.events())).append("</td><td>").append(Html.escape(status(c)))
          .append("</td><td>").append(Html.escape(c.uri())).append("</td></tr>\n");
    }
    if (night.chunks().isEmpty()) {
      h.append("<tr><td colspan=\"5\">no recordings</td></tr>\n");
    }
    h.append("</tbody></table></div></section>\n");
  }

  private static String status(Chunk c) {
    return switch (c.status()) {
      case THIS_RUN -> "finished in this run";
      case EARLIER -> "finished by an earlier run (this run skipped it or did not list it)";
      case FINISHED -> "finished";
      case DEAD_LETTER -> "dead letter " + c.error() + " (run " + c.runId() + "): " + c.message();
    };
  }

  private String clipHref(String clip) {
    return "../../../clips/" + encode(night.user()) + "/" + encode(night.day()) + "/" + encode(clip);
  }

  private static String dot(String type) {
    return "<span class=\"dot\" style=\"background:" + TypeColors.of(type) + "\"></span>";
  }

  private static String score(double s) {
    return Double.isFinite(s) ? String.format(Locale.ROOT, "%.2f", s) : "-";
  }

  /** One path segment, percent-encoded (clip names carry labels; ids are safe already). */
  static String encode(String segment) {
    StringBuilder out = new StringBuilder();
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' || c == '.' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return out.toString();
  }
}
