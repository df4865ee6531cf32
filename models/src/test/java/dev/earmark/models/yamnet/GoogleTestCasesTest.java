package dev.earmark.models.yamnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earmark.models.yamnet.testing.RealModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Upstream yamnet_test.py on 3 s clips, with the default (canonical int8dr dynamic) weights. */
class GoogleTestCasesTest {
  private static YamnetModel model;
  private static ClassMap classes;

  @BeforeAll
  static void load() {
    model = YamnetModel.load(ModelConfig.of(RealModel.tflite().toString()));
    classes = RealModel.classMap();
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private List<String> top(float[] clip, int k) {
    float[][] scores = model.classify(clip);
    assertEquals(6, scores.length, "a 3 s clip pads to 6 patches");
    List<String> names = new ArrayList<>();
    for (int i : ClassMap.topK(ClassMap.meanScores(scores), k)) {
      names.add(classes.displayName(i));
    }
    System.out.println("top " + k + ": " + names);
    return names;
  }

  @Test
  void silenceIsSilence() {
    assertEquals("Silence", top(TestSignals.silence(3), 1).get(0));
  }

  @Test
  void whiteNoiseIsWhiteNoiseInTop3() {
    assertTrue(top(TestSignals.whiteNoise(3, 51773), 3).contains("White noise"));
  }

  @Test
  void sineIsSineWaveInTop10() {
    assertTrue(top(TestSignals.sine(3, 440), 10).contains("Sine wave"));
  }
}
