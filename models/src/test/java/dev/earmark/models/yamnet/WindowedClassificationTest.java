package dev.earmark.models.yamnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.earmark.models.yamnet.testing.RealModel;
import org.junit.jupiter.api.Test;

/** 60 s windows overlapped per PatchGrid give the whole-file scores of a 5-minute signal. */
class WindowedClassificationTest {
  @Test
  void windowsOfSixtySecondsEqualOneWholeFileCall() {
    float[] audio = fiveMinuteSignal();
    try (YamnetModel model = YamnetModel.load(ModelConfig.of(RealModel.tflite().toString()))) {
      float[][] whole = model.classify(audio);
      int ppw = PatchGrid.patchesPerWindow(60);
      java.util.List<PatchGrid.PatchRange> windows = PatchGrid.windows(whole.length, ppw);
      int next = 0;
      double worst = 0;
      for (PatchGrid.PatchRange r : windows) {
        // The caller only holds the window's samples, clipped at the end of the file.
        int start = Math.toIntExact(r.startSample());
        int end = (int) Math.min(audio.length, r.endSample());
        float[] windowSamples = java.util.Arrays.copyOfRange(audio, start, end);
        float[][] scores = model.classify(windowSamples, Math.toIntExact(r.count()));
        for (float[] row : scores) {
          for (int c = 0; c < row.length; c++) {
            worst = Math.max(worst, Math.abs(row[c] - whole[next][c]));
          }
          next++;
        }
      }
      System.out.printf("windowed vs whole file: %d patches, %d windows, max |diff| %.2e%n",
          whole.length, windows.size(), worst);
      assertEquals(whole.length, next);
      assertEquals(0, worst, 1e-5);
    }
  }

  /** Sine sweeps, noise bursts and silence, ending mid-patch so the tail is padded. */
  private static float[] fiveMinuteSignal() {
    int n = 5 * 60 * PatchGrid.SAMPLE_RATE + 1234;
    float[] x = new float[n];
    java.util.Random r = new java.util.Random(3);
    double phase = 0;
    for (int i = 0; i < n; i++) {
      double t = (double) i / PatchGrid.SAMPLE_RATE;
      int segment = (int) (t / 7) % 3;
      phase += 2 * Math.PI * (300 + 40 * (t % 7)) / PatchGrid.SAMPLE_RATE;
      x[i] = segment == 0 ? (float) (0.5 * Math.sin(phase))
          : segment == 1 ? (float) (0.2 * (2 * r.nextDouble() - 1)) : 0f;
    }
    return x;
  }
}
