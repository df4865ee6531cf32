package dev.earmark.transforms.audio;

import java.io.Serializable;

/** Format and length of a recording; {@code totalFrames} is -1 when unknown (non-seekable). */
public record AudioInfo(int sampleRate, int channels, long totalFrames) implements Serializable {
  public AudioInfo {
    if (sampleRate <= 0) {
      throw new IllegalArgumentException("sampleRate must be positive: " + sampleRate);
    }
    if (channels <= 0) {
      throw new IllegalArgumentException("channels must be positive: " + channels);
    }
  }

  public double durationSeconds() {
    return totalFrames < 0 ? Double.NaN : (double) totalFrames / sampleRate;
  }
}
