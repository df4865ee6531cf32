package dev.earmark.transforms.audio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Polyphase Kaiser-windowed sinc table for one source rate to 16 kHz. Output sample {@code n} sits
 * at the exact rational input position {@code n * down / up}; its phase {@code (n * down) mod up}
 * picks a row of {@link #taps()} coefficients applied to inputs {@link #firstInput(long)}
 * onwards.
 *
 * <p>Design (downsampling): passband to 7.5 kHz, stopband from 8.5 kHz, 90 dB Kaiser design so the
 * measured stopband stays below -80 dB. Why 8.5 and not 8 kHz: content in 8-8.5 kHz can only
 * alias into 7.5-8 kHz, above the passband and above YAMNet's top mel band (7.5 kHz), and the
 * wider transition halves the filter (252 instead of 504 taps at 44.1 kHz; 2x faster, measured
 * 2026-11-24). Upsampling (8, 11.025 kHz): passband to 15/16 of the input Nyquist, stopband at it.
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
    boolean downsampling = sourceRate > OUTPUT_RATE;
    double stop = downsampling ? OUTPUT_RATE / 2.0 + 500 : sourceRate / 2.0;
    double transition = downsampling ? 1000.0 : stop / 16.0;
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

  /** A 16 kHz source: one tap of 1.0, output n is input n. */
  boolean isIdentity() {
    return sourceRate == OUTPUT_RATE;
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
    // Eight independent sums keep the FP adders busy (one chain is latency-bound).
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    float s4 = 0;
    float s5 = 0;
    float s6 = 0;
    float s7 = 0;
    int n = row.length;
    int t = 0;
    for (; t + 7 < n; t += 8) {
      int i = from + t;
      s0 += row[t] * x[i];
      s1 += row[t + 1] * x[i + 1];
      s2 += row[t + 2] * x[i + 2];
      s3 += row[t + 3] * x[i + 3];
      s4 += row[t + 4] * x[i + 4];
      s5 += row[t + 5] * x[i + 5];
      s6 += row[t + 6] * x[i + 6];
      s7 += row[t + 7] * x[i + 7];
    }
    for (; t < n; t++) {
      s0 += row[t] * x[from + t];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
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
