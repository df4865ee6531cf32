package dev.earmark.pipeline.report;

import dev.earmark.pipeline.report.MemoryAnalysis.ChunkPeak;
import dev.earmark.pipeline.report.MemoryAnalysis.Spike;
import dev.earmark.pipeline.report.MemoryAnalysis.UserRow;
import dev.earmark.pipeline.report.MemoryAnalysis.WorkerSummary;
import dev.earmark.transforms.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The report's tables and sentences, independent of markdown or html. */
final class MemoryReportTables {
  private final MemoryAnalysis a;

  MemoryReportTables(MemoryAnalysis analysis) {
    this.a = analysis;
  }

  ReportTable summary() {
    List<List<String>> rows = new ArrayList<>();
    for (WorkerSummary w : a.workers()) {
      rows.add(summaryRow(w));
    }
    if (a.workers().size() > 1) {
      rows.add(summaryRow(a.all()));
    }
    return new ReportTable("summary", List.of("worker", "windows", "audio", "wall time", "x real time",
        "peak RSS", "anonymous RSS (max)", "file-backed RSS (max)", "max heap used", "max heap committed",
        "non-heap/native (RSS − heap committed, max)"), rows);
  }

  private static List<String> summaryRow(WorkerSummary w) {
    return List.of(w.worker(), String.valueOf(w.windows()), Units.hours(w.audioSeconds()), Durations.format(w.wallMs() / 1000.0),
        Units.ratio(w.realTimeFactor()), Units.mb(w.peakRss()), Units.mb(w.maxRssAnon()), Units.mb(w.maxRssFile()),
        Units.mb(w.maxHeapUsed()),
        Units.mb(w.maxHeapCommitted()), Units.mb(w.maxNonHeap()));
  }

  /**
   * The whole run, from its run.json: wall time start to end (start-up, probing and the work after
   * the last window included) and x real time over it. Empty when the run has no recorded end.
   */
  ReportTable wholeRun() {
    List<List<String>> rows = new ArrayList<>();
    RunSpan span = a.span();
    if (span != null) {
      double seconds = span.seconds();
      rows.add(List.of(span.start().toString(), span.end().toString(), Durations.format(seconds),
          Units.ratio(seconds > 0 ? a.all().audioSeconds() / seconds : Double.NaN),
          Durations.format(a.all().wallMs() / 1000.0), span.peakRssAtEnd() > 0 ? Units.mb(span.peakRssAtEnd()) : "-"));
    }
    return new ReportTable("whole-run", List.of("start", "end", "wall time", "x real time", "of which first to last window",
        "launcher peak RSS at the end"), rows);
  }

  /** Per worker: whether memory climbs with the run's length. */
  ReportTable trend() {
    List<List<String>> rows = new ArrayList<>();
    for (WorkerSummary w : a.workers()) {
      MemoryTrend t = w.trend();
      if (t != null) {
        rows.add(List.of(w.worker(),
            Double.isNaN(t.rssBytesPerHour()) ? "-" : Units.mbDelta(Math.round(t.rssBytesPerHour())) + "/h",
            Units.mb(t.firstTenthHeapFloor()), Units.mb(t.lastTenthHeapFloor()),
            Double.isNaN(t.heapFloorRatio()) ? "-" : String.format(Locale.ROOT, "%.2fx", t.heapFloorRatio())));
      }
    }
    return new ReportTable("trend", List.of("worker", "RSS growth (after the first tenth)",
        "heap floor, first tenth of windows", "heap floor, last tenth", "last / first"), rows);
  }

  String trendNote() {
    return "The heap floor is the least heap in use after any window of that tenth: memory the run keeps. A floor "
        + "or RSS that rises with the run's length is what would stop a long backfill; flat is the goal "
        + "(last / first within 1.05x).";
  }

  /** Caveats the reader needs to read the summary right. */
  List<String> summaryNotes() {
    List<String> notes = new ArrayList<>();
    notes.add("Wall time here spans the end of the first window to the end of the last one, so it leaves out "
        + "start-up, probing and the work after the last window; x real time is audio time / that wall time. "
        + "The whole run's wall time is under \"Whole run\".");
    notes.add("Peak RSS is the largest peak_rss_bytes (the process high-water mark) a worker reported after a window, "
        + "raised to its high-water mark late in the job from run.json (the finishing steps report it per worker, "
        + "and the launcher, the DirectRunner's one worker, at the very end).");
    if (a.source().malformedLines() > 0) {
      notes.add("Skipped " + a.source().malformedLines() + " malformed lines in " + a.source().folder() + ".");
    }
    return notes;
  }

  ReportTable perUser() {
    List<List<String>> rows = new ArrayList<>();
    for (UserRow u : a.users()) {
      rows.add(List.of(u.userId(), String.valueOf(u.windows()), Units.mb(u.firstRss()), Units.mb(u.lastRss()),
          Units.mb(u.maxRss()), Units.mb(u.range()),
          u.hasGrowth() ? String.format(Locale.ROOT, "%.2fx", u.growthRatio()) : "-",
          u.hasGrowth() ? Units.mbDelta(u.growthBytes()) : "-"));
    }
    return new ReportTable("per-user", List.of("user", "windows", "RSS at first window", "RSS at last window",
        "max RSS", "range (max − min)", "first-window RSS vs previous user", "difference"), rows);
  }

  /** With several workers a user's windows interleave across them, so per-user RSS mixes processes. */
  String perUserNote() {
    String note = "In the order the run reached them. A first-window RSS that keeps rising from user to user "
        + "suggests memory is not given back between recordings.";
    return a.workers().size() > 1
        ? note + " With " + a.workers().size() + " workers, a user's first and last windows may come from "
            + "different workers; compare the per-worker lines in the chart."
        : note;
  }

  ReportTable spikes() {
    List<List<String>> rows = new ArrayList<>();
    int rank = 1;
    for (Spike s : a.spikes()) {
      rows.add(List.of(String.valueOf(rank++), s.window().userId(), MemoryAnalysis.chunkStart(s.window()), s.window().recordingUri(),
          String.valueOf(s.window().windowIndex()), Units.mbDelta(s.increase()), Units.mb(s.window().rssBytes()),
          Units.fileSize(s.sourceFileBytes()), s.window().worker()));
    }
    return new ReportTable("spikes", List.of("#", "user", "chunk start", "recording", "window", "RSS increase",
        "RSS after", "source file size", "worker"), rows);
  }

  ReportTable chunkPeaks() {
    List<List<String>> rows = new ArrayList<>();
    for (ChunkPeak c : a.chunkPeaks()) {
      rows.add(List.of(c.userId(), c.chunkStart(), c.recordingUri(), Units.mb(c.maxRss())));
    }
    return new ReportTable("chunk-peak-table", List.of("user", "chunk start", "recording", "max RSS"), rows);
  }

  ReportTable concurrency() {
    List<List<String>> rows = new ArrayList<>();
    for (VmSizing.Fit f : a.concurrency()) {
      rows.add(List.of(String.valueOf(f.workers()), Units.mb(f.neededBytes()), f.sizeLabel(), f.reason()));
    }
    return new ReportTable("vm-concurrency", List.of("concurrent workers", "needed", "smallest VM", "why"), rows);
  }

  String verdict() {
    VmSizing.Fit v = a.verdict();
    if (v.peakBytes() < 0) {
      return "Verdict: unknown — no worker reported its RSS (not Linux?), so there is nothing to size by.";
    }
    return "Verdict: " + v.sizeLabel() + " VM for one worker — max peak RSS " + v.reason() + mustFit();
  }

  /**
   * Which part of the RSS must fit, and why the rule sizes by all of it: anonymous memory has
   * nowhere to go on a VM without swap, and file-backed pages (TensorFlow's mapped code), though
   * the kernel can drop them, would be read from disk again on every call if they did not fit.
   */
  private String mustFit() {
    WorkerSummary w = a.all();
    if (w.maxRssAnon() < 0 || w.maxRssFile() < 0) {
      return "";
    }
    return ". Of the RSS, anonymous memory (heap, malloc, tensors) reached " + Units.mb(w.maxRssAnon())
        + ": without swap it must fit in RAM. File-backed pages (mapped library code, mostly TensorFlow's) reached "
        + Units.mb(w.maxRssFile()) + ": the kernel can drop them under pressure, but TensorFlow would read them "
        + "back on every call, so the rule sizes by the whole peak";
  }

  String assumptions() {
    return String.format(Locale.ROOT, "Assumptions: the OS and its agents need %s, the peak gets a %d%% margin "
            + "(a longer or louder night can peak higher), VM sizes are 1/2/4/8 GB as clouds sell them, i.e. GiB "
            + "(1 GB = %s here, MB being 2^20 bytes).",
        Units.mb(VmSizing.OS_HEADROOM_BYTES), Math.round(VmSizing.PEAK_MARGIN * 100),
        Units.mb(VmSizing.gib(1)));
  }

  String heading() {
    return "Memory report for run " + a.source().runId();
  }

  String sourceLine() {
    return a.windows() + " windows from " + a.source().files().size() + " files in " + a.source().folder()
        + (a.source().malformedLines() > 0 ? "; skipped " + a.source().malformedLines() + " malformed lines" : "");
  }
}
