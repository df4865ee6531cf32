package dev.earmark.models.yamnet;

/**
 * YAMNet's front end in plain Java (same recipe as the graph, see {@link MelFrontEnd}): samples of
 * a patch span -> log-mel patches {@code [patches][96 * 64]}. Used as an independent check of the
 * in-graph front end and in the benchmark that chose between them. Not thread-safe (reuses buffers).
 */
public final class JavaFrontEnd {
  private static final int N = MelFrontEnd.FFT_LENGTH;
  private final float[] window = MelFrontEnd.hannWindow();
  private final float[] mel = MelFrontEnd.melMatrix();
  private final double[] cos = new double[N / 2];
  private final double[] sin = new double[N / 2];
  private final int[] bitReversed = new int[N];
  private final double[] re = new double[N];
  private final double[] im = new double[N];
  private final double[] magnitude = new double[MelFrontEnd.SPECTRUM_BINS];
  // Each mel band is a triangle over a few bins: skipping the zeros makes the matmul ~30x cheaper.
  private final int[] bandFirstBin = new int[MelFrontEnd.MEL_BANDS];
  private final int[] bandEndBin = new int[MelFrontEnd.MEL_BANDS];

  public JavaFrontEnd() {
    for (int k = 0; k < N / 2; k++) {
      cos[k] = Math.cos(2 * Math.PI * k / N);
      sin[k] = -Math.sin(2 * Math.PI * k / N);
    }
    for (int b = 0; b < MelFrontEnd.MEL_BANDS; b++) {
      bandFirstBin[b] = MelFrontEnd.SPECTRUM_BINS;
      for (int k = 0; k < MelFrontEnd.SPECTRUM_BINS; k++) {
        if (mel[k * MelFrontEnd.MEL_BANDS + b] != 0) {
          bandFirstBin[b] = Math.min(bandFirstBin[b], k);
          bandEndBin[b] = k + 1;
        }
      }
    }
    int bits = Integer.numberOfTrailingZeros(N);
    for (int i = 0; i < N; i++) {
      bitReversed[i] = Integer.reverse(i) >>> (32 - bits);
    }
  }

  /**
   * Log-mel of every frame of {@code samples} (no padding): {@code [frames][64]} with
   * {@code frames = 1 + (length - 400) / 160}.
   */
  public float[][] logMelFrames(float[] samples) {
    int frames = 1 + (samples.length - MelFrontEnd.FRAME_LENGTH) / MelFrontEnd.FRAME_STEP;
    float[][] out = new float[Math.max(0, frames)][];
    for (int f = 0; f < out.length; f++) {
      out[f] = logMelFrame(samples, f * MelFrontEnd.FRAME_STEP);
    }
    return out;
  }

  /** Log-mel patches of {@code patchCount} patches from the start of {@code samples} (zero beyond). */
  public float[] logMelPatches(float[] samples, int patchCount) {
    float[] span = new float[PatchGrid.spanSamples(patchCount)];
    System.arraycopy(samples, 0, span, 0, Math.min(samples.length, span.length));
    float[][] frames = logMelFrames(span);
    int patchSize = MelFrontEnd.PATCH_FRAMES * MelFrontEnd.MEL_BANDS;
    float[] out = new float[patchCount * patchSize];
    for (int p = 0; p < patchCount; p++) {
      for (int f = 0; f < MelFrontEnd.PATCH_FRAMES; f++) {
        System.arraycopy(frames[p * MelFrontEnd.PATCH_HOP_FRAMES + f], 0, out,
            p * patchSize + f * MelFrontEnd.MEL_BANDS, MelFrontEnd.MEL_BANDS);
      }
    }
    return out;
  }

  private float[] logMelFrame(float[] samples, int start) {
    java.util.Arrays.fill(re, 0);
    java.util.Arrays.fill(im, 0);
    for (int i = 0; i < MelFrontEnd.FRAME_LENGTH; i++) {
      re[bitReversed[i]] = (double) samples[start + i] * window[i];
    }
    fft();
    for (int k = 0; k < magnitude.length; k++) {
      magnitude[k] = Math.sqrt(re[k] * re[k] + im[k] * im[k]);
    }
    float[] out = new float[MelFrontEnd.MEL_BANDS];
    for (int b = 0; b < out.length; b++) {
      double sum = 0;
      for (int k = bandFirstBin[b]; k < bandEndBin[b]; k++) {
        sum += magnitude[k] * mel[k * MelFrontEnd.MEL_BANDS + b];
      }
      out[b] = (float) Math.log(sum + MelFrontEnd.LOG_OFFSET);
    }
    return out;
  }

  /** In-place iterative radix-2 FFT of bit-reversed input in re/im. */
  private void fft() {
    for (int size = 2; size <= N; size <<= 1) {
      int half = size >> 1;
      int step = N / size;
      for (int start = 0; start < N; start += size) {
        for (int j = 0; j < half; j++) {
          double wr = cos[j * step];
          double wi = sin[j * step];
          int a = start + j;
          int b = a + half;
          double tr = re[b] * wr - im[b] * wi;
          double ti = re[b] * wi + im[b] * wr;
          re[b] = re[a] - tr;
          im[b] = im[a] - ti;
          re[a] += tr;
          im[a] += ti;
        }
      }
    }
  }
}
