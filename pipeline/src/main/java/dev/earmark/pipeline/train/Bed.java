package dev.earmark.pipeline.train;

import dev.earmark.models.yamnet.PatchGrid;
import java.util.SplittableRandom;

/**
 * The sound a night lays under its events, made from a seed so training is repeatable: pink and
 * brown noise (fans, air, distant traffic) and mains hum with harmonics over faint pink noise
 * (fridges, chargers). Each is scaled to unit RMS; {@link Augmentation} sets its level.
 */
enum Bed {
  PINK, BROWN, HUM;

  /** {@code length} samples at 16 kHz with RMS 1. */
  float[] render(int length, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] out = new float[length];
    switch (this) {
      case PINK -> pink(out, random, 1);
      case BROWN -> {
        double level = 0;
        for (int i = 0; i < length; i++) {
          level = 0.995 * level + random.nextGaussian() * 0.1;
          out[i] = (float) level;
        }
      }
      case HUM -> {
        double phase = random.nextDouble() * 2 * Math.PI;
        for (int i = 0; i < length; i++) {
          double t = i / (double) PatchGrid.SAMPLE_RATE;
          out[i] = (float) (Math.sin(2 * Math.PI * 50 * t + phase) + 0.5 * Math.sin(2 * Math.PI * 100 * t + phase)
              + 0.3 * Math.sin(2 * Math.PI * 150 * t + phase) + 0.2 * Math.sin(2 * Math.PI * 250 * t + phase));
        }
        float[] hiss = new float[length];
        pink(hiss, random, 1);
        double humRms = rms(out);
        for (int i = 0; i < length; i++) {
          out[i] = (float) (out[i] / humRms + 0.1 * hiss[i]);
        }
      }
      default -> throw new IllegalStateException(name());
    }
    double rms = rms(out);
    for (int i = 0; i < length; i++) {
      out[i] = (float) (out[i] / rms);
    }
    return out;
  }

  /** Pink noise by Paul Kellet's economy filter on white noise. */
  private static void pink(float[] out, SplittableRandom random, double gain) {
    double b0 = 0, b1 = 0, b2 = 0;
    for (int i = 0; i < out.length; i++) {
      double white = random.nextGaussian();
      b0 = 0.99765 * b0 + white * 0.0990460;
      b1 = 0.96300 * b1 + white * 0.2965164;
      b2 = 0.57000 * b2 + white * 1.0526913;
      out[i] = (float) (gain * (b0 + b1 + b2 + white * 0.1848));
    }
  }

  static double rms(float[] samples) {
    double sum = 0;
    for (float s : samples) {
      sum += (double) s * s;
    }
    return samples.length == 0 ? 0 : Math.max(1e-12, Math.sqrt(sum / samples.length));
  }
}
