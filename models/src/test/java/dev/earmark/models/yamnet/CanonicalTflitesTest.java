package dev.earmark.models.yamnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earmark.models.yamnet.testing.RealModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The three canonical-weight tflites (different converters and quantizations) import by op walk
 * and agree on Google's test cases; the fully-int8 official file is rejected with a clear error.
 */
class CanonicalTflitesTest {
  private static final String[] CANONICAL = {
    "yamnet_tfhub_int8dr_dynamic.tflite",
    "yamnet_tfhub_int8dr_15600.tflite",
    "yamnet_h5_int8dr_pertensor_15600.tflite",
  };

  /** Leading classes compared across files: below these ranks the per-tensor copy reorders. */
  private static final int[] LEADING = {1, 2, 3};

  @Test
  void allCanonicalTflitesGiveTheSameTopClasses() {
    ClassMap classes = RealModel.classMap();
    float[][] clips = {
      TestSignals.silence(3), TestSignals.whiteNoise(3, 51773), TestSignals.sine(3, 440)
    };
    String[] expected = {"Silence", "White noise", "Sine wave"};
    int[] within = {1, 3, 10};
    List<int[]> top3 = new ArrayList<>();
    for (String name : CANONICAL) {
      try (YamnetModel model = YamnetModel.load(ModelConfig.of(RealModel.tflite(name).toString()))) {
        for (int c = 0; c < clips.length; c++) {
          int[] top = ClassMap.topK(ClassMap.meanScores(model.classify(clips[c])), 10);
          List<String> names = new ArrayList<>();
          for (int i : top) {
            names.add(classes.displayName(i));
          }
          System.out.println(name + " clip " + c + ": " + names);
          assertTrue(names.subList(0, within[c]).contains(expected[c]),
              name + ": " + expected[c] + " not in top " + within[c] + " of " + names);
          top3.add(java.util.Arrays.copyOf(top, LEADING[c]));
        }
      }
    }
    for (int m = 1; m < CANONICAL.length; m++) {
      for (int c = 0; c < clips.length; c++) {
        int[] a = top3.get(c);
        int[] b = top3.get(m * clips.length + c);
        // Quantization differs slightly; the leading classes must agree as a set.
        assertArrayEquals(sorted(a), sorted(b), CANONICAL[m] + " vs " + CANONICAL[0] + " clip " + c);
      }
    }
  }

  private static int[] sorted(int[] a) {
    int[] s = a.clone();
    java.util.Arrays.sort(s);
    return s;
  }

  @Test
  void fullyQuantizedOfficialTfliteIsRejected() {
    String path = RealModel.tflite("lite-model_yamnet_classification_tflite_1.tflite").toString();
    IOException e = assertThrows(IOException.class,
        () -> TfliteImporter.importWeights(java.nio.file.Path.of(path)));
    assertTrue(e.getMessage().contains("fully integer-quantized"), e.getMessage());
    ModelLoadException le = assertThrows(ModelLoadException.class, () -> YamnetModel.load(ModelConfig.of(path)));
    assertTrue(le.getMessage().contains(path), le.getMessage());
  }

  @Test
  void notATfliteIsRejected() {
    java.nio.file.Path csv = RealModel.dir().resolve(ClassMap.FILE_NAME);
    IOException e = assertThrows(IOException.class, () -> TfliteImporter.importWeights(csv));
    assertTrue(e.getMessage().contains("TFL3"), e.getMessage());
  }

  @Test
  void importedStridesAndChannelsFollowTheManifest() throws IOException {
    YamnetWeights w = TfliteImporter.importWeights(RealModel.tflite());
    assertEquals(27, w.convs().size());
    assertEquals(2, w.convs().get(0).stride());
    assertEquals(2, w.convs().get(25 - 2).stride(), "layer13 depthwise stride"); // conv 23
    assertEquals(1024, w.convs().get(26).outChannels());
  }
}
