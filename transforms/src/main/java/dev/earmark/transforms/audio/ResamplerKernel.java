package dev.earmark.transforms.audio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Polyphase Kaiser-windowed sinc table for one source rate to 16 kHz. Output sample {@code n} sits
 * at the exact rational input position {@code n * down / up}; its phase {@code (n * down) mod up}
 * picks a row of {@link #taps()} coefficients applied to inputs {@link #firstInput(long)}
 * onwards. Design: passband to 7.5 kHz, stopband from 8 kHz (or 94% / 100% of the input Nyquist
 * when upsampling), 90 dB Kaiser design so the measured stopband stays below -80 dB.
 */
final class ResamplerKernel {
  static final int OUTPUT_RATE = 16_000;
  static final int MAX_RATE = 96_000;
  private static final double ATTENUATION_DB = 90;
  private static final Map<Integer, ResamplerKernel> CACHE = new ConcurrentHashMap<>();

  private final int sourceRate;
  private final int up;
  private final int down;
  /** Taps before the tap at floor(position): the window spans [floor - before, floor + taps - before). */
  private final int before;
  private final int taps;
  private final float[][] phases;

  private ResamplerKernel(int sourceRate) {
    this.sourceRate = sourceRate;
    int g = gcd(sourceRate, OUTPUT_RATE);
    this.up = OUTPUT_RATE / g;
    this.down = sourceRate / g;
    if (sourceRate == OUTPUT_RATE) {
      before = 0;
      taps = 1;
      phases = new float[][] {{1f}};
      return;
    }
    double stop = Math.min(OUTPUT_RATE / 2.0, sourceRate / 2.0);
    double transition = Math.min(500.0, stop / 16.0);
    double cutoff = stop - transition / 2.0;
    double fcn = cutoff / sourceRate; // cycles per input sample
    double deltaOmega = 2 * Math.PI * transition / sourceRate;
    double length = (ATTENUATION_DB - 7.95) / (2.285 * deltaOmega);
    double halfWidth = length / 2.0;
    int h = (int) Math.ceil(halfWidth);
    this.before = h - 1;
    this.taps = 2 * h;
    double beta = 0.1102 * (ATTENUATION_DB - 8.7);
    double i0Beta = besselI0(beta);
    this.phases = new float[up][taps];
    for (int p = 0; p < up; p++) {
      double frac = (double) p / up;
      double[] row = new double[taps];
      double sum = 0;
      for (int t = 0; t < taps; t++) {
        double x = frac + before - t; // distance from the output position to input tap t
        double u = x / halfWidth;
        double w = Math.abs(u) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - u * u)) / i0Beta;
        row[t] = 2 * fcn * sinc(2 * fcn * x) * w;
        sum += row[t];
      }
      // Unit DC gain in every phase, so a constant input gives a constant output.
      for (int t = 0; t < taps; t++) {
        phases[p][t] = (float) (row[t] / sum);
      }
    }
  }

  static ResamplerKernel forRate(int sourceRate) {
    if (sourceRate <= 0 || sourceRate > MAX_RATE) {
      throw new IllegalArgumentException("unsupported source rate " + sourceRate);
    }
    return CACHE.computeIfAbsent(sourceRate, ResamplerKernel::new);
  }

  int sourceRate() {
    return sourceRate;
  }

  int taps() {
    return taps;
  }

  /** Input samples needed before floor(position): the margin H of a range read. */
  int marginBefore() {
    return before;
  }

  /** Input samples needed after floor(position). */
  int marginAfter() {
    return taps - before - 1;
  }

  /** First input index that output {@code n} reads (may be negative: those inputs are zero). */
  long firstInput(long n) {
    return Math.floorDiv(n * down, up) - before;
  }

  float[] phase(long n) {
    return phases[(int) Math.floorMod(n * down, up)];
  }

  /** Output length of a source of {@code frames} frames: ceil(frames * 16000 / rate). */
  long outputLength(long frames) {
    return Math.floorDiv(frames * up + down - 1, down);
  }

  /** Dot product of a phase row with {@code x[from..]}; fixed summation order, so reproducible. */
  static float apply(float[] row, float[] x, int from) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int n = row.length;
    int t = 0;
    for (; t + 3 < n; t += 4) {
      s0 += row[t] * x[from + t];
      s1 += row[t + 1] * x[from + t + 1];
      s2 += row[t + 2] * x[from + t + 2];
      s3 += row[t + 3] * x[from + t + 3];
    }
    for (; t < n; t++) {
      s0 += row[t] * x[from + t];
    }
    return (s0 + s1) + (s2 + s3);
  }

  private static double sinc(double x) {
    if (x == 0) {
      return 1;
    }
    double px = Math.PI * x;
    return Math.sin(px) / px;
  }

  private static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    double q = x * x / 4;
    for (int k = 1; k < 200; k++) {
      term *= q / ((double) k * k);
      sum += term;
      if (term < sum * 1e-17) {
        break;
      }
    }
    return sum;
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
