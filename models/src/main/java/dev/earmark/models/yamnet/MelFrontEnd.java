package dev.earmark.models.yamnet;

/**
 * YAMNet's published front-end constants: STFT frame 400 / hop 160 with a periodic Hann window,
 * |rfft| of 512 points (257 bins), a 257x64 HTK mel matrix for 125..7500 Hz computed as
 * {@code tf.signal.linear_to_mel_weight_matrix} does, and log(mel + 0.001).
 */
public final class MelFrontEnd {
  public static final int FRAME_LENGTH = 400;
  public static final int FRAME_STEP = 160;
  public static final int FFT_LENGTH = 512;
  public static final int SPECTRUM_BINS = FFT_LENGTH / 2 + 1;
  public static final int MEL_BANDS = 64;
  public static final int PATCH_FRAMES = 96;
  public static final int PATCH_HOP_FRAMES = 48;
  public static final double LOWER_HZ = 125.0;
  public static final double UPPER_HZ = 7500.0;
  public static final float LOG_OFFSET = 0.001f;

  private MelFrontEnd() {}

  /** Periodic Hann window of {@link #FRAME_LENGTH} samples (as {@code tf.signal.hann_window}). */
  public static float[] hannWindow() {
    float[] w = new float[FRAME_LENGTH];
    for (int n = 0; n < FRAME_LENGTH; n++) {
      w[n] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * n / FRAME_LENGTH));
    }
    return w;
  }

  private static double hertzToMel(double hz) {
    return 1127.0 * Math.log1p(hz / 700.0);
  }

  /**
   * Mel matrix, row-major {@code [257, 64]} (spectrum bin x mel band). The DC bin stays zero (HTK);
   * band edges are evenly spaced in mel between 125 and 7500 Hz.
   */
  public static float[] melMatrix() {
    double nyquist = PatchGrid.SAMPLE_RATE / 2.0;
    double lowMel = hertzToMel(LOWER_HZ);
    double highMel = hertzToMel(UPPER_HZ);
    double[] edges = new double[MEL_BANDS + 2];
    for (int i = 0; i < edges.length; i++) {
      edges[i] = lowMel + (highMel - lowMel) * i / (MEL_BANDS + 1);
    }
    float[] m = new float[SPECTRUM_BINS * MEL_BANDS];
    for (int bin = 1; bin < SPECTRUM_BINS; bin++) {
      double mel = hertzToMel(nyquist * bin / (SPECTRUM_BINS - 1));
      for (int band = 0; band < MEL_BANDS; band++) {
        double lower = (mel - edges[band]) / (edges[band + 1] - edges[band]);
        double upper = (edges[band + 2] - mel) / (edges[band + 2] - edges[band + 1]);
        m[bin * MEL_BANDS + band] = (float) Math.max(0.0, Math.min(lower, upper));
      }
    }
    return m;
  }
}
