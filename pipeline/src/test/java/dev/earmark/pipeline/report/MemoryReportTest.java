package dev.earmark.pipeline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earmark.transforms.output.JsonRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryReportTest {
  private static final long MB = 1L << 20;
  private static final long T0 = 1_796_174_000_000L;

  @TempDir Path root;

  /**
   * 2 users x 3 chunks (22:00, 22:30, 23:00) x 4 windows, one worker, 10 s apart. RSS creeps up by
   * 2 MB a window from 700 MB, except window 2 of user02's 22:30 chunk which jumps by 100 MB to the
   * high-water mark of 836 MB (the next window gives 2 MB back, the next chunk the 100 MB).
   * The lines are written in reverse so order must come from end_time_ms.
   */
  private List<String> night(String worker, long timeOffsetMs) {
    List<String> lines = new ArrayList<>();
    long rss = 700 * MB;
    long peak = 0;
    int n = 0;
    for (String user : List.of("user01", "user02")) {
      for (String hhmm : List.of("2200", "2230", "2300")) {
        for (int w = 0; w < 4; w++) {
          boolean spike = user.equals("user02") && hhmm.equals("2230") && w == 2;
          boolean afterSpike = user.equals("user02") && hhmm.equals("2230") && w == 3;
          rss += spike ? 100 * MB : afterSpike ? -2 * MB : 2 * MB;
          if (user.equals("user02") && hhmm.equals("2300") && w == 0) {
            rss -= 100 * MB; // the spike's memory is given back, so the spike stays the only big rise
          }
          peak = Math.max(peak, rss); // the process high-water mark never falls
          String uri = recording(user, hhmm).toString();
          int chunk = Integer.parseInt(hhmm.substring(0, 2)) * 2 + (hhmm.endsWith("30") ? 1 : 0);
          lines.add(String.format("{\"run_id\":\"r1\",\"worker\":\"%s\",\"thread\":\"t\",\"user_id\":\"%s\","
                  + "\"recording_uri\":\"%s\",\"chunk_index\":%d,\"window_index\":%d,\"first_patch\":%d,"
                  + "\"patch_count\":125,\"start_sample\":0,\"end_sample\":0,\"heap_used_before\":%d,"
                  + "\"heap_committed_before\":%d,\"heap_used_after\":%d,\"heap_committed_after\":%d,"
                  + "\"direct_buffer_bytes\":38000,\"tf_native_bytes\":630000000,\"rss_bytes\":%d,"
                  + "\"peak_rss_bytes\":%d,\"decode_ms\":60,\"inference_ms\":286,\"model_loads\":1,"
                  + "\"end_time_ms\":%d}",
              worker, user, uri, chunk, w, w * 125, 40 * MB, 100 * MB, 52 * MB, 100 * MB, rss, peak,
              T0 + timeOffsetMs + n * 10_000L));
          n++;
        }
      }
    }
    Collections.reverse(lines);
    return lines;
  }

  private Path recording(String user, String hhmm) {
    return root.resolve("data").resolve(user).resolve("2025-11-20").resolve(hhmm + ".ogg");
  }

  private Path writeMetrics(String run, List<String> lines) throws IOException {
    Path folder = Files.createDirectories(root.resolve("metrics").resolve(run));
    return Files.write(folder.resolve("memory-00000-of-00001.jsonl"), lines);
  }

  private void standardRun() throws IOException {
    List<String> lines = new ArrayList<>(night("host:1234", 0));
    lines.add(5, "{\"run_id\":\"r1\",\"worker\":\"host:1234\",\"user_id\":\"user01\",\"recordi"); // torn write
    lines.add("{\"run_id\":\"r1\",\"user_id\":\"user01\"}"); // valid JSON, but not a record
    writeMetrics("r1", lines);
    Path spiky = recording("user02", "2230");
    Files.createDirectories(spiky.getParent());
    Files.write(spiky, new byte[12_345]);
  }

  @Test
  void writesMarkdownAndSelfContainedHtmlWithTheStableIds() throws IOException {
    standardRun();
    Path html = Path.of(MemoryReport.write(root.toString(), "r1"));

    assertEquals(root.resolve("reports/r1/memory.html"), html);
    assertTrue(Files.isRegularFile(root.resolve("reports/r1/memory.md")));
    String page = Files.readString(html);
    assertFalse(page.contains("http://"), "html must not reference anything external");
    assertFalse(page.contains("https://"), "html must not reference anything external");
    assertFalse(page.contains("<script"), "html needs no script");
    for (String id : List.of("<svg class=\"chart\" id=\"rss-over-time\"", "id=\"chunk-peaks\"",
        "id=\"xrt-over-time\"", "<table id=\"summary\"", "<table id=\"per-user\"", "<table id=\"spikes\"",
        "<section id=\"vm-sizing\"")) {
      assertTrue(page.contains(id), "missing " + id);
    }
    String sizing = page.substring(page.indexOf("<section id=\"vm-sizing\""));
    assertTrue(sizing.contains("Verdict: 2 GB"), sizing);
    // one polyline for RSS, one for heap; 6 bars, one per recording; a marker per user
    assertEquals(3, count(page, "<polyline"));
    assertEquals(6, count(page, "<rect class=\"bar\""));
    assertEquals(2, count(page, "class=\"marker\""));
    // no leftover temp files from the atomic writes
    try (var files = Files.list(root.resolve("reports/r1"))) {
      assertEquals(List.of("memory.html", "memory.md"), files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void summaryAddsUpAudioAndPeaks() throws IOException {
    standardRun();
    String md = Files.readString(Path.of(MemoryReport.generate(root.toString(), "r1").markdown()));
    String summary = tableRow(md, "| host:1234 |");
    // 24 windows x 125 patches x 0.48 s = 1440 s = 0.40 h over 23 x 10 s of wall time = 6.3x
    // anonymous and file-backed RSS: "-" for records written before they were recorded
    assertTrue(summary.contains("| 24 | 0.40 h | 3m 50s | 6.3x | 836 MB | - | - | 52 MB | 100 MB | 736 MB |"), summary);
  }

  @Test
  void realTimeOverTheRunIsSteadyWhenWindowsAreEvenlySpaced() throws IOException {
    standardRun();
    Path file = root.resolve("metrics/r1/memory-00000-of-00001.jsonl");
    MemoryAnalysis analysis = MemoryAnalysis.of(new MemoryRecordReader().read("r1", file.getParent().toString(),
        List.of(org.apache.beam.sdk.io.FileSystems.matchNewResource(file.toString(), false))));
    assertEquals(23, analysis.xrt().size()); // every window after the first
    for (MemoryAnalysis.XrtPoint p : analysis.xrt()) {
      assertEquals(6.0, p.realTimeFactor(), 1e-9, "60 s of audio every 10 s at " + p.seconds()); // 125 x 0.48
    }
    assertEquals(230.0, analysis.xrt().get(22).seconds(), 1e-9);
  }

  @Test
  void verdictPicksTheSmallestVmThatHoldsPeakPlusMarginPlusOs() {
    VmSizing.Fit one = VmSizing.fit(1, 836 * MB);
    assertEquals((long) (1403.2 * MB), one.neededBytes()); // 836 x 1.2 + 400
    assertEquals(2, one.sizeGib());
    assertTrue(one.reason().contains("but not in 1 GB"), one.reason());
    assertEquals(4, VmSizing.fit(2, 836 * MB).sizeGib()); // 2406 MB > 2 GiB
    assertEquals(8, VmSizing.fit(4, 836 * MB).sizeGib()); // 4413 MB > 4 GiB (4096 MB)
    assertEquals(1, VmSizing.fit(1, 500 * MB).sizeGib()); // 1000 MB <= 1024 MB
    VmSizing.Fit tooBig = VmSizing.fit(4, 2000 * MB);
    assertFalse(tooBig.fits());
    assertEquals("> 8 GB", tooBig.sizeLabel());
  }

  @Test
  void theBiggestSpikeNamesItsChunkWindowAndFileSize() throws IOException {
    standardRun();
    MemoryReport.Written written = MemoryReport.generate(root.toString(), "r1");
    String md = Files.readString(Path.of(written.markdown()));
    String first = tableRow(md, "| 1 |");
    assertTrue(first.contains("| user02 | 22:30 |"), first);
    assertTrue(first.contains(recording("user02", "2230").toString()), first);
    assertTrue(first.contains("| 2 | +100 MB |"), first); // window 2
    assertTrue(first.contains("| 12.1 kB |"), first);
    String second = tableRow(md, "| 2 |");
    assertTrue(second.contains("+2 MB") && second.contains("| - |"), second); // no such local file

    String html = Files.readString(Path.of(written.html()));
    String spikes = html.substring(html.indexOf("<table id=\"spikes\""));
    assertTrue(spikes.indexOf("22:30") < spikes.indexOf("</tr>", spikes.indexOf("<tbody>")), spikes);
  }

  @Test
  void chunkStartComesFromTheFileNameElseFromTheChunkIndex() {
    String base = "{\"worker\":\"w\",\"user_id\":\"u\",\"patch_count\":1,\"end_time_ms\":1,";
    assertEquals("07:30", MemoryAnalysis.chunkStart(
        JsonRows.readMemoryMetrics(base + "\"recording_uri\":\"/d/u/2025-11-20/0730.ogg\",\"chunk_index\":1}")));
    assertEquals("22:30", MemoryAnalysis.chunkStart(
        JsonRows.readMemoryMetrics(base + "\"recording_uri\":\"gs://b/u/night.ogg\",\"chunk_index\":45}")));
    assertEquals("-", MemoryAnalysis.chunkStart(
        JsonRows.readMemoryMetrics(base + "\"recording_uri\":\"/d/u/night.ogg\"}")));
    assertEquals(null, JsonRows.readMemoryMetrics(base.replace("\"patch_count\":1", "\"patch_count\":\"1\"")
        + "\"recording_uri\":\"/x.ogg\"}"), "a number as a string is not a record");
  }

  @Test
  void perUserRowsFollowTheRunAndShowBaselineGrowth() throws IOException {
    standardRun();
    String md = Files.readString(Path.of(MemoryReport.generate(root.toString(), "r1").markdown()));
    assertTrue(md.indexOf("| user01 | 12 |") < md.indexOf("| user02 | 12 |"), md);
    // user01 starts at 702 MB, user02 at 702 + 12 x 2 = 726 MB
    String user02 = tableRow(md, "| user02 | 12 |");
    assertTrue(user02.contains("| 726 MB |") && user02.contains("| 1.03x | +24 MB |"), user02);
  }

  @Test
  void malformedLinesAreCountedSkippedAndReported() throws IOException {
    standardRun();
    MemoryReport.Written written = MemoryReport.generate(root.toString(), "r1");
    assertEquals(2, written.malformedLines());
    assertEquals(24, written.windows());
    assertTrue(Files.readString(Path.of(written.markdown())).contains("skipped 2 malformed lines"));
    assertTrue(Files.readString(Path.of(written.html())).contains("skipped 2 malformed lines"));
  }

  @Test
  void aMissingRunIsOneLineNamingTheRunsThatExist() throws IOException {
    standardRun();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MemoryReport.write(root.toString(), "nope"));
    assertEquals("no metrics for run nope under " + root.resolve("metrics") + "/ (runs there: r1)", e.getMessage());
  }

  @Test
  void aRunWithOnlyMalformedLinesSaysSo() throws IOException {
    writeMetrics("empty", List.of("not json", "{}"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MemoryReport.write(root.toString(), "empty"));
    assertTrue(e.getMessage().startsWith("no memory records for run empty in "), e.getMessage());
    assertTrue(e.getMessage().endsWith("(1 .jsonl files, skipped 2 malformed lines)"), e.getMessage());
  }

  @Test
  void withoutARunIdTheNewestRunIsReportedAndFileUrisWork() throws IOException {
    standardRun();
    Path old = writeMetrics("r0", night("host:1", 0));
    Files.setLastModifiedTime(old, FileTime.fromMillis(1_000));
    try (var r1 = Files.list(root.resolve("metrics/r1"))) {
      for (Path f : r1.toList()) {
        Files.setLastModifiedTime(f, FileTime.fromMillis(2_000_000));
      }
    }
    MemoryReport.Written written = MemoryReport.generate(root.toUri().toString(), null);
    assertEquals("r1", written.runId());
    assertTrue(Files.isRegularFile(root.resolve("reports/r1/memory.html")));
  }

  @Test
  void twoWorkersGetARowAndALineEach() throws IOException {
    List<String> lines = new ArrayList<>(night("tm-a:11", 0));
    lines.addAll(night("tm-b:22", 5_000));
    writeMetrics("flink", lines);
    MemoryReport.Written written = MemoryReport.generate(root.toString(), "flink");
    String md = Files.readString(Path.of(written.markdown()));
    assertTrue(md.contains("| tm-a:11 | 24 |") && md.contains("| tm-b:22 | 24 |"), md);
    assertTrue(md.contains("| all workers | 48 | 0.80 h |"), md);
    String html = Files.readString(Path.of(written.html()));
    assertEquals(5, count(html, "<polyline")); // RSS + heap per worker, plus x real time
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  /** The first markdown table line starting with the given cells. */
  private static String tableRow(String md, String start) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(start) + ".*$").matcher(md);
    assertTrue(m.find(), "no row " + start + " in\n" + md);
    return m.group();
  }
}
