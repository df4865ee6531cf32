package dev.earmark.pipeline.report;

import dev.earmark.pipeline.report.MemoryAnalysis.ChunkPeak;
import dev.earmark.pipeline.report.MemoryAnalysis.XrtPoint;
import dev.earmark.transforms.values.MemoryMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * memory.html: one self-contained page (inline CSS and SVG, no scripts, no fetches) so it can be
 * opened from a bucket download or an air-gapped machine. Ids are stable for browser tests.
 */
final class HtmlMemoryReport {
  private static final String CSS = """
      body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}
      table{border-collapse:collapse;margin:8px 0 16px;font-size:13px}
      th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}
      th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}
      td.text{text-align:left}
      svg.chart{display:block;margin:12px 0;border:1px solid #ddd;background:#fff}
      .verdict{font-weight:bold;font-size:15px}.note{color:#555;font-size:13px}
      .warning{color:#a40}
      """;

  /** Cells that are a quantity (right-aligned so digits line up); everything else reads left to right. */
  private static final Pattern NUMBER =
      Pattern.compile("-|> \\d+ GB|\\d+m \\d+s|\\dh \\d+m \\d+s|[-+]?\\d[\\d.]*( ?(MB|kB|GB|h|x))?");

  private HtmlMemoryReport() {}

  static String render(MemoryAnalysis a) {
    MemoryReportTables t = new MemoryReportTables(a);
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(Html.escape(t.heading())).append("</title>\n<style>").append(CSS).append("</style></head><body>\n");
    h.append("<h1>").append(Html.escape(t.heading())).append("</h1>\n<p class=\"note")
        .append(a.source().malformedLines() > 0 ? " warning" : "").append("\">")
        .append(Html.escape(t.sourceLine())).append("</p>\n");

    h.append("<section id=\"summary-section\"><h2>Summary</h2>\n");
    table(h, t.summary());
    for (String note : t.summaryNotes()) {
      h.append("<p class=\"note\">").append(Html.escape(note)).append("</p>\n");
    }
    h.append("<p class=\"verdict\">").append(Html.escape(t.verdict())).append("</p></section>\n");
    h.append("<section id=\"whole-run-section\"><h2>Whole run</h2>\n");
    table(h, t.wholeRun());
    h.append("</section>\n<section id=\"trend-section\"><h2>Growth</h2>\n<p class=\"note\">")
        .append(Html.escape(t.trendNote())).append("</p>\n");
    table(h, t.trend());
    h.append("</section>\n");

    h.append("<section id=\"charts\"><h2>Charts</h2>\n").append(rssOverTime(a)).append(chunkPeaks(a))
        .append(xrtOverTime(a)).append("</section>\n");

    h.append("<section id=\"per-user-section\"><h2>Per user</h2>\n<p class=\"note\">")
        .append(Html.escape(t.perUserNote())).append("</p>\n");
    table(h, t.perUser());
    h.append("</section>\n<section id=\"spikes-section\"><h2>Spikes</h2>\n<p class=\"note\">The ")
        .append(MemoryAnalysis.TOP_SPIKES)
        .append(" largest RSS increases over the same worker's previous window.</p>\n");
    table(h, t.spikes());
    h.append("</section>\n<section id=\"vm-sizing\"><h2>VM sizing</h2>\n<p class=\"verdict\">")
        .append(Html.escape(t.verdict())).append("</p>\n<p class=\"note\">").append(Html.escape(t.assumptions()))
        .append("</p>\n");
    table(h, t.concurrency());
    h.append("</section>\n</body></html>\n");
    return h.toString();
  }

  /** RSS (solid) and heap used (dashed) per worker, with a marker where each user begins. */
  private static String rssOverTime(MemoryAnalysis a) {
    double xMax = 0;
    double yMax = 0;
    for (List<MemoryMetrics> rs : a.byWorker().values()) {
      for (MemoryMetrics r : rs) {
        xMax = Math.max(xMax, a.secondsSinceStart(r));
        yMax = Math.max(yMax, Units.toMb(Math.max(r.rssBytes(), r.heapUsed())));
      }
    }
    SvgChart chart = new SvgChart("rss-over-time", "RSS and heap used over time, per worker",
        "seconds since the first window finished", "MB", xMax, yMax);
    int color = 0;
    for (Map.Entry<String, List<MemoryMetrics>> e : a.byWorker().entrySet()) {
      String c = SvgChart.PALETTE[color++ % SvgChart.PALETTE.length];
      chart.line(series(a, e.getValue(), true, false), series(a, e.getValue(), false, false), c, false,
          "RSS " + e.getKey());
      chart.line(series(a, e.getValue(), true, true), series(a, e.getValue(), false, true), c, true,
          "heap used " + e.getKey());
    }
    a.userStarts().forEach((user, at) -> chart.marker(at, user));
    return chart.render(true);
  }

  /** x (seconds) or y (MB) values of the windows that measured them; heap or RSS. */
  private static double[] series(MemoryAnalysis a, List<MemoryMetrics> rs, boolean xs, boolean heap) {
    List<Double> out = new ArrayList<>();
    for (MemoryMetrics r : rs) {
      long bytes = heap ? r.heapUsed() : r.rssBytes();
      if (bytes >= 0) {
        out.add(xs ? a.secondsSinceStart(r) : Units.toMb(bytes));
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** One bar per recording, coloured by user, so a heavy chunk or a heavy user stands out. */
  private static String chunkPeaks(MemoryAnalysis a) {
    List<ChunkPeak> peaks = a.chunkPeaks();
    double[] values = new double[peaks.size()];
    String[] labels = new String[peaks.size()];
    String[] colors = new String[peaks.size()];
    String[] tips = new String[peaks.size()];
    Map<String, String> userColor = new LinkedHashMap<>(); // legend in run order
    double yMax = 0;
    for (int i = 0; i < peaks.size(); i++) {
      ChunkPeak p = peaks.get(i);
      values[i] = Math.max(0, Units.toMb(p.maxRss()));
      yMax = Math.max(yMax, values[i]);
      labels[i] = p.userId() + " " + p.chunkStart();
      colors[i] = userColor.computeIfAbsent(p.userId(),
          u -> SvgChart.PALETTE[userColor.size() % SvgChart.PALETTE.length]);
      tips[i] = p.recordingUri() + ": " + Units.mb(p.maxRss());
    }
    SvgChart chart = new SvgChart("chunk-peaks", "Peak RSS per chunk (recording), in run order",
        "recording (user, chunk start)", "MB", peaks.size(), yMax, false);
    chart.bars(values, labels, colors, tips);
    userColor.forEach((user, c) -> chart.legendEntry(c, user));
    return chart.render(false);
  }

  private static String xrtOverTime(MemoryAnalysis a) {
    List<XrtPoint> points = a.xrt();
    double[] xs = new double[points.size()];
    double[] ys = new double[points.size()];
    double yMax = 0;
    for (int i = 0; i < points.size(); i++) {
      xs[i] = points.get(i).seconds();
      ys[i] = points.get(i).realTimeFactor();
      yMax = Math.max(yMax, ys[i]);
    }
    SvgChart chart = new SvgChart("xrt-over-time",
        "x real time over the run (audio done / wall time, since the first window)",
        "seconds since the first window finished", "x real time", xs.length == 0 ? 1 : xs[xs.length - 1], yMax);
    chart.line(xs, ys, SvgChart.PALETTE[2], false, "all workers");
    return chart.render(true);
  }

  private static void table(StringBuilder h, ReportTable table) {
    h.append("<table id=\"").append(table.id()).append("\"><thead><tr>");
    for (String head : table.headers()) {
      h.append("<th>").append(Html.escape(head)).append("</th>");
    }
    h.append("</tr></thead><tbody>\n");
    for (List<String> row : table.rows()) {
      h.append("<tr>");
      for (String cell : row) {
        h.append(NUMBER.matcher(cell).matches() ? "<td>" : "<td class=\"text\">")
            .append(Html.escape(cell)).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody></table>\n");
  }
}
