package dev.earmark.models.yamnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earmark.models.yamnet.testing.RealModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchTimingTest {
  @Test
  void reportsEveryTensorFlowRunWithItsPatchCountAndChangesNoScore() {
    float[] noise = TestSignals.whiteNoise(10, 7);
    int patches = Math.toIntExact(PatchGrid.patchCount(noise.length));
    List<Integer> batches = new ArrayList<>();
    List<Long> nanos = new ArrayList<>();
    try (YamnetModel model = YamnetModel.load(ModelConfig.of(RealModel.tflite().toString()).withBatchSize(8))) {
      float[][] timed = model.classify(noise, patches, (n, t) -> {
        batches.add(n);
        nanos.add(t);
      });
      float[][] plain = model.classify(noise, patches);
      for (int p = 0; p < patches; p++) {
        assertArrayEquals(plain[p], timed[p], 0f, "patch " + p);
      }
    }
    // 20 patches in runs of at most 8.
    assertEquals(20, patches);
    assertEquals(List.of(8, 8, 4), batches);
    assertTrue(nanos.stream().allMatch(t -> t > 0), nanos.toString());
  }
}
