package dev.earmark.transforms.audio;

/**
 * An in-memory {@link PcmSource} over exact float samples. With a window {@code [lo, hi)} it
 * refuses to deliver frames outside it, which proves a consumer only touched that input range.
 */
final class ArraySource implements PcmSource {
  private final float[][] samples;
  private final AudioInfo info;
  private final long lo;
  private final long hi;
  private long position;

  ArraySource(float[][] samples, int rate) {
    this(samples, rate, 0, samples[0].length);
  }

  ArraySource(float[][] samples, int rate, long lo, long hi) {
    this.samples = samples;
    this.info = new AudioInfo(rate, samples.length, samples[0].length);
    this.lo = lo;
    this.hi = hi;
  }

  @Override
  public AudioInfo info() {
    return info;
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public void seek(long frame) {
    if (frame < lo) {
      throw new AssertionError("seek to " + frame + " before the allowed window " + lo);
    }
    position = Math.min(frame, info.totalFrames());
  }

  @Override
  public int read(float[][] dest, int offset, int maxFrames) {
    if (position >= info.totalFrames()) {
      return -1;
    }
    if (position < lo || position >= hi) {
      throw new AssertionError("read at " + position + " outside the allowed window [" + lo + ", " + hi + ")");
    }
    int n = (int) Math.min(maxFrames, Math.min(hi, info.totalFrames()) - position);
    for (int c = 0; c < samples.length; c++) {
      System.arraycopy(samples[c], (int) position, dest[c], offset, n);
    }
    position += n;
    return n;
  }

  @Override
  public void close() {}

  /** Reads everything left in a source into planar arrays. */
  static float[][] readAll(PcmSource s) throws java.io.IOException {
    return readFrames(s, Long.MAX_VALUE);
  }

  /** Reads up to {@code frames} frames (fewer at end of stream). */
  static float[][] readFrames(PcmSource s, long frames) throws java.io.IOException {
    int ch = s.info().channels();
    float[][] buf = new float[ch][4096];
    float[][] out = new float[ch][1 << 16];
    int len = 0;
    while (len < frames) {
      int n = s.read(buf, 0, (int) Math.min(4096, frames - len));
      if (n < 0) {
        break;
      }
      if (len + n > out[0].length) {
        for (int c = 0; c < ch; c++) {
          out[c] = java.util.Arrays.copyOf(out[c], out[c].length * 2);
        }
      }
      for (int c = 0; c < ch; c++) {
        System.arraycopy(buf[c], 0, out[c], len, n);
      }
      len += n;
    }
    for (int c = 0; c < ch; c++) {
      out[c] = java.util.Arrays.copyOf(out[c], len);
    }
    return out;
  }
}
