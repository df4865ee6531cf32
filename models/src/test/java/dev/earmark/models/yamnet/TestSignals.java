package dev.earmark.models.yamnet;

import java.util.Random;

/** Google's YAMNet test clips (yamnet_test.py), 16 kHz. */
final class TestSignals {
  private TestSignals() {}

  static float[] silence(double seconds) {
    return new float[(int) (seconds * PatchGrid.SAMPLE_RATE)];
  }

  static float[] whiteNoise(double seconds, long seed) {
    Random r = new Random(seed);
    float[] x = new float[(int) (seconds * PatchGrid.SAMPLE_RATE)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (2 * r.nextDouble() - 1);
    }
    return x;
  }

  static float[] sine(double seconds, double hz) {
    float[] x = new float[(int) (seconds * PatchGrid.SAMPLE_RATE)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(2 * Math.PI * hz * i / PatchGrid.SAMPLE_RATE);
    }
    return x;
  }
}
