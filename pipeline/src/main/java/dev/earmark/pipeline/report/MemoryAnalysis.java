package dev.earmark.pipeline.report;

import dev.earmark.transforms.output.Locations;
import dev.earmark.transforms.values.MemoryMetrics;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything the memory report shows, computed once from the records so that the markdown and
 * the html renderers cannot disagree. Time order is end_time_ms: that is when a window finished,
 * the only clock all workers share.
 */
public record MemoryAnalysis(
    MemoryRecords source,
    long firstEndMs,
    List<WorkerSummary> workers,
    WorkerSummary all,
    Map<String, List<MemoryMetrics>> byWorker,
    List<UserRow> users,
    List<Spike> spikes,
    List<ChunkPeak> chunkPeaks,
    List<XrtPoint> xrt,
    VmSizing.Fit verdict,
    List<VmSizing.Fit> concurrency,
    RunSpan span) {

  public static final int TOP_SPIKES = 10;

  /** Totals for one worker (a JVM: DirectRunner has one, Flink one per TaskManager host:pid). */
  public record WorkerSummary(String worker, int windows, double audioSeconds, long wallMs, long peakRss,
      long maxHeapUsed, long maxHeapCommitted, long maxNonHeap, MemoryTrend trend, long maxRssAnon,
      long maxRssFile) {
    /** Audio seconds per wall second; NaN for a single window (no span to divide by). */
    public double realTimeFactor() {
      return wallMs > 0 ? audioSeconds / (wallMs / 1000.0) : Double.NaN;
    }
  }

  /**
   * RSS while the run worked on one user. {@code previousFirstRss} is the first-window RSS of the
   * user before (-1 for the first user): if it keeps climbing user after user, something leaks.
   */
  public record UserRow(String userId, int windows, long firstRss, long lastRss, long maxRss, long minRss,
      long previousFirstRss) {
    public long range() {
      return maxRss >= 0 && minRss >= 0 ? maxRss - minRss : -1;
    }

    public boolean hasGrowth() {
      return previousFirstRss > 0 && firstRss >= 0;
    }

    public double growthRatio() {
      return hasGrowth() ? (double) firstRss / previousFirstRss : Double.NaN;
    }

    public long growthBytes() {
      return hasGrowth() ? firstRss - previousFirstRss : 0;
    }
  }

  /** A window whose RSS rose most over the worker's previous window. */
  public record Spike(MemoryMetrics window, MemoryMetrics previous, long increase, long sourceFileBytes) {}

  /** The highest RSS while one recording (chunk) was being classified. */
  public record ChunkPeak(String recordingUri, String userId, String chunkStart, long maxRss) {}

  /** Cumulative real-time factor at a window: audio finished since the first window / wall time since it. */
  public record XrtPoint(double seconds, double realTimeFactor) {}

  public static MemoryAnalysis of(MemoryRecords source) {
    return of(source, null);
  }

  /**
   * {@code span}: the run's start, end and peak at the end from its run.json, or null. Its peak
   * counts for the worker that wrote it (the launcher), which also worked after its last window.
   */
  public static MemoryAnalysis of(MemoryRecords source, RunSpan span) {
    List<MemoryMetrics> ordered = new ArrayList<>(source.records());
    ordered.sort(Comparator.comparingLong(MemoryMetrics::endTimeMillis));
    long firstEnd = ordered.get(0).endTimeMillis();

    Map<String, List<MemoryMetrics>> byWorker = new TreeMap<>();
    for (MemoryMetrics r : ordered) {
      byWorker.computeIfAbsent(r.worker(), w -> new ArrayList<>()).add(r);
    }
    List<WorkerSummary> workers = new ArrayList<>();
    byWorker.forEach((w, rs) -> workers.add(withEndPeak(summarize(w, rs), span)));

    WorkerSummary all = summarize("all workers", ordered);
    all = new WorkerSummary(all.worker(), all.windows(), all.audioSeconds(), all.wallMs(),
        workers.stream().mapToLong(WorkerSummary::peakRss).max().orElse(-1), all.maxHeapUsed(),
        all.maxHeapCommitted(), all.maxNonHeap(), null, all.maxRssAnon(), all.maxRssFile());
    // one worker per VM is the unit: the largest worker's peak decides, the table scales it up
    VmSizing.Fit verdict = VmSizing.fit(1, all.peakRss());
    return new MemoryAnalysis(source, firstEnd, workers, all, byWorker,
        users(ordered), spikes(byWorker), chunkPeaks(ordered), xrt(ordered), verdict,
        VmSizing.table(verdict.peakBytes()), span);
  }

  /** The worker's peak raised to what run.json knows of it from later in the job (see {@link RunSpan#peakOf}). */
  private static WorkerSummary withEndPeak(WorkerSummary w, RunSpan span) {
    long late = span == null ? -1 : span.peakOf(w.worker());
    if (late <= w.peakRss()) {
      return w;
    }
    return new WorkerSummary(w.worker(), w.windows(), w.audioSeconds(), w.wallMs(), late,
        w.maxHeapUsed(), w.maxHeapCommitted(), w.maxNonHeap(), w.trend(), w.maxRssAnon(), w.maxRssFile());
  }

  private static WorkerSummary summarize(String worker, List<MemoryMetrics> ordered) {
    double audio = 0;
    long peak = -1;
    long heapUsed = -1;
    long heapCommitted = -1;
    long nonHeap = -1;
    long anon = -1;
    long file = -1;
    for (MemoryMetrics r : ordered) {
      anon = Math.max(anon, r.rssAnonBytes());
      file = Math.max(file, r.rssFileBytes());
      audio += r.audioSeconds();
      peak = Math.max(peak, r.peakOrRss());
      heapUsed = Math.max(heapUsed, r.heapUsed());
      heapCommitted = Math.max(heapCommitted, r.heapCommitted());
      nonHeap = Math.max(nonHeap, r.nonHeapEstimate());
    }
    long wall = ordered.get(ordered.size() - 1).endTimeMillis() - ordered.get(0).endTimeMillis();
    return new WorkerSummary(worker, ordered.size(), audio, wall, peak, heapUsed, heapCommitted, nonHeap,
        MemoryTrend.of(ordered), anon, file);
  }

  private static List<UserRow> users(List<MemoryMetrics> ordered) {
    Map<String, List<MemoryMetrics>> byUser = new LinkedHashMap<>(); // insertion = first reached
    for (MemoryMetrics r : ordered) {
      byUser.computeIfAbsent(r.userId(), u -> new ArrayList<>()).add(r);
    }
    List<UserRow> rows = new ArrayList<>();
    long previousFirst = -1;
    for (Map.Entry<String, List<MemoryMetrics>> e : byUser.entrySet()) {
      List<MemoryMetrics> rs = e.getValue();
      long max = -1;
      long min = Long.MAX_VALUE;
      for (MemoryMetrics r : rs) {
        if (r.rssBytes() >= 0) {
          max = Math.max(max, r.rssBytes());
          min = Math.min(min, r.rssBytes());
        }
      }
      long first = rs.get(0).rssBytes();
      rows.add(new UserRow(e.getKey(), rs.size(), first, rs.get(rs.size() - 1).rssBytes(), max,
          min == Long.MAX_VALUE ? -1 : min, previousFirst));
      previousFirst = first;
    }
    return rows;
  }

  private static List<Spike> spikes(Map<String, List<MemoryMetrics>> byWorker) {
    List<Spike> all = new ArrayList<>();
    for (List<MemoryMetrics> rs : byWorker.values()) {
      for (int i = 1; i < rs.size(); i++) {
        MemoryMetrics prev = rs.get(i - 1);
        MemoryMetrics cur = rs.get(i);
        if (prev.rssBytes() >= 0 && cur.rssBytes() > prev.rssBytes()) {
          all.add(new Spike(cur, prev, cur.rssBytes() - prev.rssBytes(), -1));
        }
      }
    }
    all.sort(Comparator.comparingLong(Spike::increase).reversed()
        .thenComparingLong(s -> s.window().endTimeMillis()));
    List<Spike> top = new ArrayList<>();
    for (Spike s : all.subList(0, Math.min(TOP_SPIKES, all.size()))) {
      top.add(new Spike(s.window(), s.previous(), s.increase(), localFileSize(s.window().recordingUri())));
    }
    return top;
  }

  /** The recording's size when it is a readable local file (a big file may explain a spike); else -1. */
  static long localFileSize(String uri) {
    try {
      Path path = uri.startsWith("file:") ? Path.of(URI.create(uri)) : Locations.hasScheme(uri) ? null : Path.of(uri);
      return path != null && Files.isReadable(path) ? Files.size(path) : -1;
    } catch (IOException | RuntimeException e) {
      return -1; // a size is a hint, never a reason to fail the report
    }
  }

  private static List<ChunkPeak> chunkPeaks(List<MemoryMetrics> ordered) {
    Map<String, ChunkPeak> peaks = new LinkedHashMap<>(); // in the order the run reached them
    for (MemoryMetrics r : ordered) {
      peaks.merge(r.recordingUri(), new ChunkPeak(r.recordingUri(), r.userId(), chunkStart(r), r.rssBytes()),
          (a, b) -> b.maxRss() > a.maxRss() ? b : a);
    }
    return new ArrayList<>(peaks.values());
  }

  /**
   * Measured from the first window's end, like the summary, and counting only the audio finished
   * after it: the first window's own start is unknown when windows run in parallel, and guessing
   * it makes the first points absurdly high. Points start once the span is a second or a tenth of
   * the run, whichever is shorter: windows of parallel threads finish milliseconds apart at first,
   * which read as 20,000x on the 2 x 48 night.
   */
  private static List<XrtPoint> xrt(List<MemoryMetrics> ordered) {
    long start = ordered.get(0).endTimeMillis();
    double settle = Math.min(1.0, (ordered.get(ordered.size() - 1).endTimeMillis() - start) / 10_000.0);
    List<XrtPoint> points = new ArrayList<>();
    double audio = 0;
    for (MemoryMetrics r : ordered.subList(1, ordered.size())) {
      audio += r.audioSeconds();
      double wall = (r.endTimeMillis() - start) / 1000.0;
      if (wall > 0 && wall >= settle) { // windows finishing in the same millisecond have no rate of their own
        points.add(new XrtPoint(wall, audio / wall));
      }
    }
    return points;
  }

  /** When the run reached each user, seconds since the first window, for the chart's markers. */
  public Map<String, Double> userStarts() {
    Map<String, Double> starts = new LinkedHashMap<>();
    for (MemoryMetrics r : byWorker.values().stream().flatMap(List::stream)
        .sorted(Comparator.comparingLong(MemoryMetrics::endTimeMillis)).toList()) {
      starts.putIfAbsent(r.userId(), (r.endTimeMillis() - firstEndMs) / 1000.0);
    }
    return starts;
  }

  public double secondsSinceStart(MemoryMetrics r) {
    return (r.endTimeMillis() - firstEndMs) / 1000.0;
  }

  public int windows() {
    return source.records().size();
  }

  /** Recordings are named by their start time, e.g. {@code .../2025-11-20/2200.ogg}. */
  private static final Pattern HHMM_FILE = Pattern.compile("/(\\d{4})\\.ogg$");

  /**
   * Wall-clock time of the chunk's start, "HH:MM": from the HHMM file name when the recording
   * follows that convention, otherwise from the chunk index (chunks are 30 minutes of the day).
   */
  public static String chunkStart(MemoryMetrics r) {
    Matcher m = HHMM_FILE.matcher(r.recordingUri());
    if (m.find()) {
      return m.group(1).substring(0, 2) + ":" + m.group(1).substring(2);
    }
    if (r.chunkIndex() < 0) {
      return "-";
    }
    int minutes = r.chunkIndex() * 30;
    return String.format("%02d:%02d", minutes / 60 % 24, minutes % 60);
  }
}
