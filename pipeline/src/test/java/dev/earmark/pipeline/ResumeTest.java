package dev.earmark.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.earmark.models.yamnet.testing.RealModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Reruns into one output root with the real model: a rerun with the same settings skips every
 * finished recording before decoding and leaves the same bytes; {@code --force} redoes them; a
 * changed threshold redoes them and removes the clips and Raven tables it no longer produces.
 */
public class ResumeTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  static SpeechNight night;

  @BeforeClass
  public static void makeNight() throws Exception {
    EndToEndTest.model = RealModel.tflite().toString();
    night = SpeechNight.shared();
    EndToEndTest.night = night;
  }

  static Map<String, Long> run(Path out, String runId, Consumer<EarmarkOptions> settings) {
    EarmarkOptions o = EndToEndTest.options(PipelineOptionsFactory.as(EarmarkOptions.class), out, 125);
    o.setRunId(runId);
    settings.accept(o);
    RunOutcome outcome = EarmarkPipeline.run(o);
    assertEquals(PipelineResult.State.DONE, outcome.state());
    return outcome.counters();
  }

  static Set<Path> files(Path out, String dir) throws IOException {
    if (!Files.exists(out.resolve(dir))) {
      return Set.of();
    }
    try (Stream<Path> files = Files.walk(out.resolve(dir))) {
      return new TreeSet<>(files.filter(Files::isRegularFile).map(out::relativize).toList());
    }
  }

  static void assertSameBytes(Map<Path, byte[]> expected, Map<Path, byte[]> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    for (Path f : expected.keySet()) {
      assertTrue("changed: " + f, Arrays.equals(expected.get(f), actual.get(f)));
    }
  }

  @Test
  public void aSecondRunSkipsEverythingFinishedAndForceRedoesIt() throws Exception {
    Path out = TMP.newFolder("skip").toPath();
    Map<String, Long> first = run(out, "first", o -> {});
    assertEquals(2L, (long) first.get("recordingsFinished"));
    Map<Path, byte[]> bytes = EndToEndTest.outputBytes(out);
    assertTrue(bytes.containsKey(Path.of("manifests/alice/2025-11-20/053000.json")));
    assertTrue(bytes.containsKey(Path.of("manifests/bob/2025-11-20/060000.json")));
    assertFalse("the broken file is not finished", bytes.containsKey(Path.of("manifests/alice/2025-11-20/060000.json")));

    Map<String, Long> second = run(out, "second", o -> {});
    assertEquals(2L, (long) second.get("recordingsSkipped"));
    assertEquals("nothing decoded or classified", 0L, (long) second.getOrDefault("windowsClassified", 0L));
    assertEquals(0L, (long) second.getOrDefault("recordingsProbed", 0L));
    assertEquals(0L, (long) second.getOrDefault("recordingsFinished", 0L));
    assertEquals("the broken file is tried again", 1L, (long) second.get("deadLettersWritten"));
    assertEquals(2L, (long) second.get("eventTablesWritten"));
    assertSameBytes(bytes, EndToEndTest.outputBytes(out));

    JsonNode skipped = EndToEndTest.JSON.readTree(out.resolve("runs/second/run.json").toFile());
    assertEquals("completed, the broken file a dead letter again", RunOutcome.SOME_INPUTS_FAILED,
        skipped.get("exit_status").asInt());
    assertEquals(0, skipped.get("counts").get("processed").asInt());
    assertEquals(2, skipped.get("counts").get("skipped").asInt());
    assertEquals(1, skipped.get("counts").get("dead_letters").asInt());
    assertTrue(skipped.get("model_sha256").asText().matches("[0-9a-f]{64}"));
    assertTrue(skipped.get("end").asText().compareTo(skipped.get("start").asText()) >= 0);
    assertEquals(0.4, skipped.get("options").get("onThreshold").asDouble(), 1e-6);

    // Forced, under the first run's id: that run's shards and temporary folders are replaced.
    Path staleShard = out.resolve("metrics/first/memory-00007-of-00008.jsonl");
    Path staleErrors = out.resolve("errors/first/dead-letters-00003-of-00004.jsonl");
    Path staleTemp = out.resolve("runs/first/.temp-beam-dead/part");
    Files.createDirectories(staleTemp.getParent());
    for (Path stale : List.of(staleShard, staleErrors, staleTemp)) {
      Files.writeString(stale, "{\"stale\":true}\n");
    }
    Map<String, Long> forced = run(out, "first", o -> o.setForce(true));
    assertEquals(0L, (long) forced.getOrDefault("recordingsSkipped", 0L));
    assertEquals(2L, (long) forced.get("recordingsFinished"));
    assertThat(forced.get("windowsClassified"), greaterThan(0L));
    assertSameBytes(bytes, EndToEndTest.outputBytes(out));
    for (Path stale : List.of(staleShard, staleErrors, staleTemp.getParent())) {
      assertFalse("left behind: " + stale, Files.exists(stale));
    }
    assertEquals((long) forced.get("windowsClassified"), EndToEndTest.runRecords(out, "metrics", "first", "memory").size());
    assertEquals(1, EndToEndTest.runRecords(out, "errors", "first", "dead-letters").size());
    assertEquals(List.of("run.json"), listNames(out.resolve("runs/first")));
    JsonNode forcedRun = EndToEndTest.JSON.readTree(out.resolve("runs/first/run.json").toFile());
    assertEquals(2, forcedRun.get("counts").get("processed").asInt());
    assertTrue(forcedRun.get("options").get("force").asBoolean());
  }

  @Test
  public void aFinishedRecordingWhoseClipIsGoneIsRedoneAndTheOthersSkipped() throws Exception {
    Path out = TMP.newFolder("gone").toPath();
    run(out, "first", o -> {});
    Map<Path, byte[]> bytes = EndToEndTest.outputBytes(out);
    Path clip = files(out, "clips").stream().filter(f -> f.startsWith("clips/alice")).findFirst().orElseThrow();
    Files.delete(out.resolve(clip));

    Map<String, Long> second = run(out, "second", o -> {});
    assertEquals(1L, (long) second.get("recordingsSkipped"));
    assertEquals("the recording that lost " + clip, 1L, (long) second.get("recordingsRedone"));
    assertEquals(1L, (long) second.get("recordingsFinished"));
    assertSameBytes(bytes, EndToEndTest.outputBytes(out));
  }

  static List<String> listNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  public void aChangedThresholdRedoesTheRecordingsAndRemovesWhatItNoLongerProduces() throws Exception {
    Path out = TMP.newFolder("changed").toPath();
    run(out, "speech", o -> {});
    Set<Path> clipsBefore = files(out, "clips");
    assertThat(clipsBefore.size(), greaterThan(1));
    String manifestBefore = Files.readString(out.resolve("manifests/alice/2025-11-20/053000.json"));
    // A leftover of a killed run beside the clips: the recording's next finish removes it.
    Path leftover = out.resolve("clips/alice/2025-11-20/.053000_1_speech.wav.tmp-1234");
    Files.writeString(leftover, "partial");

    // Only Snoring, which this night has none of: every clip and Raven table is now stale.
    Map<String, Long> changed = run(out, "snoring", o -> o.setClasses("Snoring"));
    assertEquals("a changed fingerprint redoes every recording", 2L, (long) changed.get("recordingsRedone"));
    assertEquals(2L, (long) changed.get("recordingsFinished"));
    assertFalse(Files.exists(leftover));
    assertNotEquals(manifestBefore, Files.readString(out.resolve("manifests/alice/2025-11-20/053000.json")));

    // Exactly the clips the tables name remain (none); no recording has a Raven table any more.
    Set<Path> named = new TreeSet<>();
    for (JsonNode e : EndToEndTest.allEvents(out)) {
      assertEquals("Snoring", e.get("label").asText());
      named.add(out.relativize(Path.of(e.get("clip_path").asText())));
    }
    assertEquals(named, files(out, "clips"));
    assertTrue("the Speech clips were removed", clipsBefore.size() > named.size());
    assertEquals(Set.of(), files(out, "events/raven"));
    assertEquals(List.of(), Files.readAllLines(out.resolve("events/alice/2025-11-20.jsonl")));
  }
}
