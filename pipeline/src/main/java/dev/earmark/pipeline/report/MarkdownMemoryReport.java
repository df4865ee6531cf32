package dev.earmark.pipeline.report;

import java.util.List;

/** memory.md: the same tables as the html, readable in a terminal or a pull request. */
final class MarkdownMemoryReport {
  private MarkdownMemoryReport() {}

  static String render(MemoryAnalysis analysis) {
    MemoryReportTables t = new MemoryReportTables(analysis);
    StringBuilder md = new StringBuilder();
    md.append("# ").append(t.heading()).append("\n\n").append(t.sourceLine()).append("\n\n");
    md.append("## Summary\n\n");
    table(md, t.summary());
    for (String note : t.summaryNotes()) {
      md.append("- ").append(note).append('\n');
    }
    md.append('\n').append(t.verdict()).append("\n\n");
    md.append("## Whole run\n\n");
    table(md, t.wholeRun());
    md.append("## Growth\n\n").append(t.trendNote()).append("\n\n");
    table(md, t.trend());
    md.append("## Per user\n\n").append(t.perUserNote()).append("\n\n");
    table(md, t.perUser());
    md.append("## Spikes\n\nThe ").append(MemoryAnalysis.TOP_SPIKES)
        .append(" largest RSS increases over the same worker's previous window.\n\n");
    table(md, t.spikes());
    md.append("## Peak RSS per chunk\n\n");
    table(md, t.chunkPeaks());
    md.append("Charts (RSS and heap over time, per-chunk peaks, x real time) are in memory.html.\n\n");
    md.append("## VM sizing\n\n").append(t.verdict()).append("\n\n").append(t.assumptions()).append("\n\n");
    table(md, t.concurrency());
    return md.toString();
  }

  private static void table(StringBuilder md, ReportTable table) {
    if (table.rows().isEmpty()) {
      md.append("(none)\n\n");
      return;
    }
    row(md, table.headers());
    md.append('|').append("---|".repeat(table.headers().size())).append('\n');
    for (List<String> r : table.rows()) {
      row(md, r);
    }
    md.append('\n');
  }

  private static void row(StringBuilder md, List<String> cells) {
    md.append('|');
    for (String c : cells) {
      md.append(' ').append(c.replace("|", "\\|")).append(" |");
    }
    md.append('\n');
  }
}
