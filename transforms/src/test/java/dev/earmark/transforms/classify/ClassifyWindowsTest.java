package dev.earmark.transforms.classify;

import dev.earmark.transforms.OggFixtures;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.earmark.models.yamnet.testing.RealModel;
import dev.earmark.models.yamnet.ModelConfig;
import dev.earmark.models.yamnet.PatchGrid;
import dev.earmark.models.yamnet.YamnetModel;
import dev.earmark.transforms.audio.AudioFiles;
import dev.earmark.transforms.audio.AudioInfo;
import dev.earmark.transforms.values.AudioWindow;
import dev.earmark.transforms.values.DeadLetter;
import dev.earmark.transforms.values.MemoryMetrics;
import dev.earmark.transforms.values.Recording;
import dev.earmark.transforms.values.TargetClass;
import dev.earmark.transforms.values.WindowScores;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ClassifyWindowsTest implements Serializable {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  static final List<TargetClass> CLASSES = List.of(
      new TargetClass(0, "/m/09x0r", "Speech", 0.5f, 0.3f),
      new TargetClass(494, "/m/028v0c", "Silence", 0.5f, 0.3f),
      new TargetClass(495, "/m/01v_m0", "Sine wave", 0.5f, 0.3f));

  static String model() {
    return RealModel.tflite().toString();
  }

  @Test
  public void windowsScoreLikeOneWholeFileCallForTheTargetClassesOnly() throws Exception {
    String model = model();
    Path ogg = OggFixtures.synth(tmp.getRoot().toPath(), "tone", 22_050, 1, 12, "sine", "440");
    Recording rec = new Recording("alice", ogg.toString(), Instant.parse("2025-11-20T05:30:00Z"), null);
    AudioInfo info = AudioFiles.probe(ogg.toString());
    long patches = PatchGrid.patchCount(12L * 16_000);
    List<AudioWindow> windows = new ArrayList<>();
    for (long first = 0, w = 0; first < patches; first += 8, w++) {
      windows.add(new AudioWindow(rec, (int) w, first, (int) Math.min(8, patches - first), info));
    }
    Recording missing = new Recording("bob", tmp.getRoot() + "/gone.ogg", rec.startTime(), null);
    windows.add(new AudioWindow(missing, 0, 0, 8, info));

    // The reference: the whole file in one call, columns picked by hand.
    float[][] whole;
    try (YamnetModel yamnet = YamnetModel.load(ModelConfig.of(model))) {
      whole = yamnet.classify(AudioFiles.readMono16k(ogg.toString(), 0, PatchGrid.spanEnd(0, patches)), (int) patches);
    }
    List<WindowScores> expected = new ArrayList<>();
    for (AudioWindow w : windows.subList(0, windows.size() - 1)) {
      float[][] cols = new float[w.patchCount()][CLASSES.size()];
      for (int i = 0; i < w.patchCount(); i++) {
        for (int c = 0; c < CLASSES.size(); c++) {
          cols[i][c] = whole[(int) w.firstPatch() + i][CLASSES.get(c).index()];
        }
      }
      expected.add(new WindowScores(w, cols));
    }

    ClassifiedWindows out = p.apply(Create.of(windows))
        .apply(new ClassifyWindows(ModelConfig.of(model), CLASSES, "run-1"));
    PAssert.that(out.scores()).satisfies(actual -> {
      int n = 0;
      for (WindowScores got : actual) {
        WindowScores want = expected.stream().filter(e -> e.window().equals(got.window())).findFirst().orElseThrow();
        assertEquals(CLASSES.size(), got.classCount());
        for (int i = 0; i < got.scores().length; i++) {
          for (int c = 0; c < CLASSES.size(); c++) {
            assertEquals(want.scores()[i][c], got.scores()[i][c], 1e-5);
          }
          // A 440 Hz tone: "Sine wave" beats "Speech" in every patch.
          assertTrue(got.scores()[i][2] > got.scores()[i][0]);
        }
        n++;
      }
      assertEquals(expected.size(), n);
      return null;
    });
    PAssert.that(out.metrics()).satisfies(metrics -> {
      int n = 0;
      for (MemoryMetrics m : metrics) {
        assertEquals("run-1", m.runId());
        assertTrue(m.worker().contains(":"));
        assertTrue(m.rssBytes() > 0 && m.peakRssBytes() >= m.rssBytes());
        assertTrue(m.heapUsedAfter() > 0 && m.heapCommittedAfter() >= m.heapUsedAfter());
        assertEquals(PatchGrid.spanEnd(m.firstPatch(), m.patchCount()), m.endSample());
        assertEquals(11, m.chunkIndex()); // 05:30 UTC is the 12th half hour
        n++;
      }
      assertEquals(expected.size(), n);
      return null;
    });
    PAssert.that(out.failures().apply(MapElements.into(TypeDescriptors.strings())
            .via((DeadLetter d) -> d.stage() + " " + d.error() + " " + Path.of(d.uri()).getFileName())))
        .containsInAnyOrder("ClassifyWindows MISSING_FILE gone.ogg");
    p.run().waitUntilFinish();
  }
}
