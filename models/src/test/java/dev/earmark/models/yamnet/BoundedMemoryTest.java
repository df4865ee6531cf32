package dev.earmark.models.yamnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earmark.models.system.ProcessMemory;
import dev.earmark.models.yamnet.testing.RealModel;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * One classify call over 30 minutes of audio runs in batches, so RSS stays near what one batch
 * costs (~0.9 MB per patch, measured with scripts/bench-models) instead of growing with the 3,750 patches (~3.4 GB).
 */
class BoundedMemoryTest {
  static long vmRssKb() {
    long rss = ProcessMemory.read().rssBytes();
    if (rss < 0) {
      throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
    return rss / 1024;
  }

  @Test
  void thirtyMinutesInOneCallStaysWithinTheBatchBound() throws IOException {
    int batch = 32;
    ModelConfig config = new ModelConfig(RealModel.tflite().toString(), batch, 1, 1, null);
    float[] audio = TestSignals.whiteNoise(30 * 60, 11);
    for (int i = 0; i < audio.length; i++) {
      audio[i] *= 0.1f;
    }
    try (YamnetModel model = YamnetModel.load(config)) {
      model.classify(audio, batch); // warm up: one full batch allocates TF's working set
      long before = vmRssKb();
      float[][] scores = model.classify(audio);
      long after = vmRssKb();
      long growthMb = (after - before) / 1024;
      // Generous: three batches' worth plus 200 MB for JVM heap churn (score rows, young gen).
      long boundMb = (long) (3 * batch * 0.9) + 200;
      System.out.printf("30 min (%d patches, batch %d): VmRSS %d MB -> %d MB (+%d MB, bound %d MB)%n",
          scores.length, batch, before / 1024, after / 1024, growthMb, boundMb);
      assertEquals(PatchGrid.patchCount(audio.length), scores.length);
      assertTrue(growthMb < boundMb, "RSS grew " + growthMb + " MB classifying 30 min with batch "
          + batch + " (bound " + boundMb + " MB)");
    }
  }
}
