package dev.earmark.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earmark.models.yamnet.PatchGrid;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    model = System.getenv("EARMARK_YAMNET") != null ? System.getenv("EARMARK_YAMNET") : System.getProperty("earmark.yamnet");
    assertNotNull("no YAMNet model: set -Dearmark.yamnet or EARMARK_YAMNET to a .tflite/SavedModel", model);
    assertTrue("YAMNet model not found at " + model, new File(model).exists());
    night = SpeechNight.create(TMP.getRoot().toPath());
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

  static List<JsonNode> speech(List<JsonNode> events) {
    return events.stream().filter(e -> e.get("label").asText().equals("Speech")).toList();
  }

  @Test
  public void findsEachSpeechInsertionOnceAndWritesClipsTablesMetricsAndOneDeadLetter() throws Exception {
    Path out = TMP.newFolder("out").toPath();
    EarmarkOptions o = options(p.getOptions().as(EarmarkOptions.class), out, SMALL_WINDOW);
    EarmarkPipeline.build(p, o);
    p.run().waitUntilFinish();

    List<JsonNode> events = jsonLines(out.resolve("events/events.jsonl"));
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
      for (String field : new String[] {"user_id", "recording_uri", "recording_start", "label", "mid",
          "start_offset_s", "end_offset_s", "start_time", "end_time", "peak_score", "mean_score", "clip_path"}) {
        assertTrue(field + " in " + e, e.hasNonNull(field));
      }
      checkClip(e);
    }
    List<String> csv = Files.readAllLines(out.resolve("events/events.csv"));
    assertThat(csv.get(0), startsWith("user_id,recording_uri,recording_start,label,mid,start_offset_s"));
    assertEquals(events.size() + 1, csv.size());
    assertTrue(Files.isRegularFile(out.resolve("events/raven/alice/2025-11-20/053000.selections.txt")));
    assertTrue(Files.isRegularFile(out.resolve("events/raven/bob/2025-11-20/060000.selections.txt")));

    List<JsonNode> metrics = jsonLines(out.resolve("metrics/memory.jsonl"));
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

    List<JsonNode> dead = jsonLines(out.resolve("errors/dead-letters.jsonl"));
    assertEquals("dead letters: " + dead, 1, dead.size());
    assertEquals(night.brokenFile.toString(), dead.get(0).get("uri").asText());
    assertEquals("SplitIntoWindows", dead.get(0).get("stage").asText());
    assertEquals("NOT_OGG", dead.get(0).get("error").asText());
    assertThat(dead.get(0).get("message").asText(), containsString(night.brokenFile.toString()));

    // Nothing outside the output root: only the four output folders exist under it.
    try (Stream<Path> top = Files.list(out)) {
      assertEquals(List.of("clips", "errors", "events", "metrics"),
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
  public void windowLengthDoesNotChangeTheEvents() throws Exception {
    List<List<String>> tables = new ArrayList<>();
    for (int windowPatches : new int[] {7, 125}) {
      Path out = TMP.newFolder("window" + windowPatches).toPath();
      EarmarkOptions o = options(PipelineOptionsFactory.as(EarmarkOptions.class), out, windowPatches);
      Pipeline pipeline = Pipeline.create(o);
      EarmarkPipeline.build(pipeline, o);
      assertEquals(PipelineResult.State.DONE, pipeline.run().waitUntilFinish());
      List<String> rows = new ArrayList<>();
      for (JsonNode e : jsonLines(out.resolve("events/events.jsonl"))) {
        rows.add(String.format("%s %s %s %.3f-%.3f peak %.2f mean %.2f", e.get("user_id").asText(),
            e.get("recording_start").asText(), e.get("label").asText(), e.get("start_offset_s").asDouble(),
            e.get("end_offset_s").asDouble(), e.get("peak_score").asDouble(), e.get("mean_score").asDouble()));
      }
      tables.add(rows);
    }
    assertTrue("some events found", !tables.get(0).isEmpty());
    assertEquals(tables.get(1), tables.get(0));
  }
}
