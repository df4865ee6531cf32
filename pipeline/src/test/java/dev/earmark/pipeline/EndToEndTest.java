package dev.earmark.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.earmark.models.yamnet.testing.RealModel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earmark.models.yamnet.PatchGrid;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The whole job on the DirectRunner with the real YAMNet model, on generated Ogg recordings with
 * speech at known offsets (one straddling a window boundary) and one broken file.
 */
public class EndToEndTest implements Serializable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int SMALL_WINDOW = 25; // 12 s windows: boundary at 12.0 s, inside the 10.5 s phrase

  @ClassRule public static final transient TemporaryFolder TMP = new TemporaryFolder();
  @Rule public final transient TestPipeline p = TestPipeline.create();

  static SpeechNight night;
  static String model;

  @BeforeClass
  public static void makeNight() throws Exception {
    model = RealModel.tflite().toString();
    night = SpeechNight.shared();
  }

  static EarmarkOptions options(EarmarkOptions o, Path output, int windowPatches) {
    o.setListing(night.listing.toString());
    o.setOutput(output.toString());
    o.setModel(model);
    o.setWindowPatches(windowPatches);
    o.setRunId("e2e-" + windowPatches);
    return o;
  }

  static List<JsonNode> jsonLines(Path file) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        rows.add(JSON.readTree(line));
      }
    }
    return rows;
  }

  /** Every night's events table, {@code events/<user_id>/<yyyy-MM-dd>.jsonl}, in path order. */
  static List<JsonNode> allEvents(Path out) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    for (Path table : nightTables(out, ".jsonl")) {
      rows.addAll(jsonLines(table));
    }
    return rows;
  }

  static List<Path> nightTables(Path out, String suffix) throws IOException {
    try (Stream<Path> files = Files.walk(out.resolve("events"))) {
      return files.filter(f -> out.resolve("events").relativize(f).getNameCount() == 2)
          .filter(f -> f.getFileName().toString().matches("\\d{4}-\\d{2}-\\d{2}\\" + suffix))
          .sorted().toList();
    }
  }

  /** All records of one run's {@code <dir>/<run_id>/<name>-SSSSS-of-NNNNN.jsonl} shards. */
  static List<JsonNode> runRecords(Path out, String dir, String runId, String name) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    try (Stream<Path> files = Files.list(out.resolve(dir).resolve(runId))) {
      for (Path f : files.sorted().toList()) {
        assertTrue("only shards in " + f.getParent() + ": " + f.getFileName(),
            f.getFileName().toString().matches(name + "-\\d{5}-of-\\d{5}\\.jsonl"));
        rows.addAll(jsonLines(f));
      }
    }
    return rows;
  }

  static List<JsonNode> speech(List<JsonNode> events) {
    return events.stream().filter(e -> e.get("label").asText().equals("Speech")).toList();
  }

  @Test
  public void findsEachSpeechInsertionOnceAndWritesClipsTablesMetricsAndOneDeadLetter() throws Exception {
    Path out = TMP.newFolder("out").toPath();
    EarmarkOptions o = options(p.getOptions().as(EarmarkOptions.class), out, SMALL_WINDOW);
    EarmarkPipeline.build(p, o);
    p.run().waitUntilFinish();

    // Both users' recordings are from 2025-11-20: one table per (user, night).
    assertEquals(List.of(out.resolve("events/alice/2025-11-20.jsonl"), out.resolve("events/bob/2025-11-20.jsonl")),
        nightTables(out, ".jsonl"));
    List<JsonNode> events = allEvents(out);
    List<JsonNode> speech = speech(events);
    for (SpeechNight.Insertion ins : night.insertions) {
      List<JsonNode> matches = speech.stream()
          .filter(e -> e.get("recording_uri").asText().equals(ins.uri()))
          .filter(e -> e.get("start_offset_s").asDouble() < ins.end() && e.get("end_offset_s").asDouble() > ins.start())
          .toList();
      assertEquals("one Speech event for " + ins + " in " + speech, 1, matches.size());
      JsonNode e = matches.get(0);
      assertThat("start of " + ins, e.get("start_offset_s").asDouble(), closeTo(ins.start(), 0.5));
      assertThat("end of " + ins, e.get("end_offset_s").asDouble(), closeTo(ins.end(), 0.5));
    }
    assertEquals("no Speech outside the insertions: " + speech, night.insertions.size(), speech.size());

    for (JsonNode e : events) {
      for (String field : new String[] {"user_id", "recording_uri", "recording_start", "type", "label", "mid",
          "start_offset_s", "end_offset_s", "start_time", "end_time", "peak_score", "mean_score", "clip_path"}) {
        assertTrue(field + " in " + e, e.hasNonNull(field));
      }
      checkClip(e);
    }
    int csvRows = 0;
    for (Path table : nightTables(out, ".csv")) {
      List<String> csv = Files.readAllLines(table);
      assertThat(csv.get(0), startsWith("user_id,recording_uri,recording_start,type,label,mid,start_offset_s"));
      csvRows += csv.size() - 1;
    }
    assertEquals(events.size(), csvRows);
    assertTrue(Files.isRegularFile(out.resolve("events/raven/alice/2025-11-20/053000.selections.txt")));
    assertTrue(Files.isRegularFile(out.resolve("events/raven/bob/2025-11-20/060000.selections.txt")));

    List<JsonNode> metrics = runRecords(out, "metrics", "e2e-25", "memory");
    long expectedWindows = 0;
    for (SpeechNight.Spec spec : night.specs) {
      long patches = PatchGrid.patchCount((long) (spec.seconds() * PatchGrid.SAMPLE_RATE));
      expectedWindows += (patches + SMALL_WINDOW - 1) / SMALL_WINDOW;
    }
    assertEquals(expectedWindows, metrics.size());
    for (JsonNode m : metrics) {
      assertEquals("e2e-25", m.get("run_id").asText());
      assertThat(m.get("worker").asText(), containsString(":"));
      assertThat(m.get("heap_used_after").asLong(), greaterThan(0L));
      assertThat(m.get("rss_bytes").asLong(), greaterThan(0L));
      assertThat(m.get("peak_rss_bytes").asLong(), greaterThan(0L));
      assertThat(m.get("patch_count").asInt(), greaterThan(0));
      assertTrue(m.get("inference_ms").asLong() >= 0 && m.get("decode_ms").asLong() >= 0);
    }

    List<JsonNode> dead = runRecords(out, "errors", "e2e-25", "dead-letters");
    assertEquals("dead letters: " + dead, 1, dead.size());
    assertEquals(night.brokenFile.toString(), dead.get(0).get("uri").asText());
    assertEquals("SplitIntoWindows", dead.get(0).get("stage").asText());
    assertEquals("NOT_OGG", dead.get(0).get("error").asText());
    assertThat(dead.get(0).get("message").asText(), containsString(night.brokenFile.toString()));

    // Nothing outside the output root: only the output folders exist under it.
    try (Stream<Path> top = Files.list(out)) {
      assertEquals(List.of("clips", "errors", "events", "manifests", "metrics", "runs"),
          top.map(f -> f.getFileName().toString()).sorted().toList());
    }
  }

  /** The clip exists under clips/<user>/<day>/, decodes, and has the source rate and padded length. */
  static void checkClip(JsonNode e) throws Exception {
    File clip = new File(e.get("clip_path").asText());
    assertTrue("clip " + clip, clip.isFile());
    assertThat(clip.getPath(), containsString("/clips/" + e.get("user_id").asText() + "/2025-11-20/"));
    SpeechNight.Spec spec = night.specs.stream()
        .filter(s -> e.get("recording_uri").asText().endsWith(s.hhmm() + ".ogg") && s.user().equals(e.get("user_id").asText()))
        .findFirst().orElseThrow();
    AudioFileFormat format = AudioSystem.getAudioFileFormat(clip);
    assertEquals(spec.rate(), format.getFormat().getSampleRate(), 0);
    assertEquals(spec.channels(), format.getFormat().getChannels());
    double start = Math.max(0, e.get("start_offset_s").asDouble() - 1.0);
    double end = Math.min(spec.seconds(), e.get("end_offset_s").asDouble() + 1.0);
    double seconds = (double) format.getFrameLength() / spec.rate();
    assertThat("clip length of " + clip, seconds, closeTo(Math.min(end - start, 30), 0.01));
    try (AudioInputStream in = AudioSystem.getAudioInputStream(clip)) {
      byte[] pcm = in.readAllBytes();
      assertEquals(format.getFrameLength() * format.getFormat().getFrameSize(), pcm.length);
    }
    assertThat(clip.getName(), endsWith(".wav"));
  }

  @Test
  public void windowLengthDoesNotChangeTheEventsAndRerunsRewriteIdenticalBytes() throws Exception {
    List<List<String>> tables = new ArrayList<>();
    Path out125 = null;
    for (int windowPatches : new int[] {7, 125}) {
      Path out = TMP.newFolder("window" + windowPatches).toPath();
      runDirect(out, windowPatches);
      tables.add(eventSummary(out));
      out125 = out;
    }
    assertTrue("some events found", !tables.get(0).isEmpty());
    assertEquals(tables.get(1), tables.get(0));

    // A daily rerun of alice's night only, forced, into the same root under another run id:
    // alice's table and clips are rewritten with identical bytes, bob's night is left alone.
    Map<Path, byte[]> first = outputBytes(out125);
    FileTime longAgo = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    for (Path table : nightTables(out125, ".jsonl")) {
      Files.setLastModifiedTime(table, longAgo);
    }
    runDirect(out125, 125, "e2e-rerun-alice", "alice", true);
    Map<Path, byte[]> second = outputBytes(out125);
    assertEquals(first.keySet(), second.keySet());
    for (Path f : first.keySet()) {
      assertTrue("rerun changed " + f, Arrays.equals(first.get(f), second.get(f)));
    }
    assertNotEquals("alice's night was rewritten", longAgo,
        Files.getLastModifiedTime(out125.resolve("events/alice/2025-11-20.jsonl")));
    assertEquals("bob's night was not touched", longAgo,
        Files.getLastModifiedTime(out125.resolve("events/bob/2025-11-20.jsonl")));
    try (Stream<Path> runs = Files.list(out125.resolve("metrics"))) {
      assertEquals(List.of("e2e-125", "e2e-rerun-alice"), runs.map(f -> f.getFileName().toString()).sorted().toList());
    }
    List<JsonNode> rerunMetrics = runRecords(out125, "metrics", "e2e-rerun-alice", "memory");
    assertTrue("the rerun classified alice's windows", !rerunMetrics.isEmpty());
    for (JsonNode m : rerunMetrics) {
      assertEquals("alice", m.get("user_id").asText());
      assertEquals("e2e-rerun-alice", m.get("run_id").asText());
    }
    assertThat(runRecords(out125, "metrics", "e2e-125", "memory").size(), greaterThan(rerunMetrics.size()));
  }

  @Test
  public void aRunIdThatIsNotOnePathComponentIsRejectedBeforeAnythingRuns() throws Exception {
    for (String bad : new String[] {"../escape", "a/b", ".hidden"}) {
      EarmarkOptions o = options(PipelineOptionsFactory.as(EarmarkOptions.class), TMP.newFolder().toPath(), 125);
      o.setRunId(bad);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> EarmarkPipeline.build(Pipeline.create(o), o));
      assertThat(e.getMessage(), containsString("--runId=" + bad));
    }
  }

  static void runDirect(Path out, int windowPatches) {
    runDirect(out, windowPatches, "e2e-" + windowPatches, null, false);
  }

  static void runDirect(Path out, int windowPatches, String runId, String user, boolean force) {
    EarmarkOptions o = options(PipelineOptionsFactory.as(EarmarkOptions.class), out, windowPatches);
    o.setRunId(runId);
    o.setForce(force);
    if (user != null) {
      o.setUsers(List.of(user));
    }
    Pipeline pipeline = Pipeline.create(o);
    EarmarkPipeline.build(pipeline, o);
    assertEquals(PipelineResult.State.DONE, pipeline.run().waitUntilFinish());
  }

  static List<String> eventSummary(Path out) throws IOException {
    List<String> rows = new ArrayList<>();
    for (JsonNode e : allEvents(out)) {
      rows.add(String.format("%s %s %s %.3f-%.3f peak %.2f mean %.2f", e.get("user_id").asText(),
          e.get("recording_start").asText(), e.get("label").asText(), e.get("start_offset_s").asDouble(),
          e.get("end_offset_s").asDouble(), e.get("peak_score").asDouble(), e.get("mean_score").asDouble()));
    }
    return rows;
  }

  /** Clips, event tables and manifests (metrics carry timings and differ by design). */
  static Map<Path, byte[]> outputBytes(Path out) throws IOException {
    Map<Path, byte[]> bytes = new TreeMap<>();
    for (String dir : new String[] {"clips", "events", "manifests"}) {
      try (Stream<Path> files = Files.walk(out.resolve(dir))) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          bytes.put(out.relativize(f), Files.readAllBytes(f));
        }
      }
    }
    return bytes;
  }
}
