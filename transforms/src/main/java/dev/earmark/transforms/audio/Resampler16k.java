package dev.earmark.transforms.audio;

import java.io.Closeable;
import java.io.IOException;

/**
 * Streams a {@link PcmSource} as 16 kHz mono: downmix by the mean of the channels, then the
 * polyphase filter of {@link ResamplerKernel}. Position-exact: output sample {@code n} depends
 * only on the source frames around {@code n * rate / 16000} (zero outside {@code [0, total)}), and
 * the position is integer arithmetic, so starting at any output position gives the same samples as
 * the same slice of a whole-file pass. Memory: one input chunk plus the filter length.
 */
public final class Resampler16k implements Closeable {
  public static final int OUTPUT_RATE = ResamplerKernel.OUTPUT_RATE;
  private static final int CHUNK = 4096;

  private final PcmSource source;
  private final ResamplerKernel kernel;
  private final int channels;
  private final float[][] planar;
  private final float[] buf;
  /** Absolute input index of buf[0] (negative indices are the zeros before the recording). */
  private long bufStart;
  private int bufLen;
  private long outPos;
  private boolean inputEnded;
  private long outputEnd = -1;

  /**
   * Starts at 16 kHz output position {@code outStart}; seeks {@code source} to the first input
   * frame that position needs.
   */
  public Resampler16k(PcmSource source, long outStart) throws IOException {
    if (outStart < 0) {
      throw new IllegalArgumentException("negative start " + outStart);
    }
    this.source = source;
    AudioInfo info = source.info();
    this.kernel = ResamplerKernel.forRate(info.sampleRate());
    this.channels = info.channels();
    this.planar = new float[channels][CHUNK];
    this.buf = new float[kernel.taps() + 2 * CHUNK];
    this.outPos = outStart;
    long first = kernel.firstInput(outStart);
    long inputStart = Math.max(0, first);
    if (source.position() != inputStart) {
      source.seek(inputStart);
    }
    bufStart = first;
    bufLen = (int) (inputStart - first); // zeros before frame 0
    if (info.totalFrames() >= 0) {
      outputEnd = kernel.outputLength(info.totalFrames());
    }
  }

  /** Source frames needed before and after floor(n * rate / 16000) for output n. */
  public static int marginFrames(int sourceRate) {
    ResamplerKernel k = ResamplerKernel.forRate(sourceRate);
    return Math.max(k.marginBefore(), k.marginAfter());
  }

  /** 16 kHz length of a recording: ceil(frames * 16000 / rate). */
  public static long outputLength(int sourceRate, long frames) {
    return ResamplerKernel.forRate(sourceRate).outputLength(frames);
  }

  /** Position of the next output sample. */
  public long position() {
    return outPos;
  }

  /**
   * Reads up to {@code len} samples; returns -1 once the output length {@code ceil(total * 16000 /
   * rate)} is reached (the total is learnt at the end of the source if not known upfront).
   */
  public int read(float[] out, int off, int len) throws IOException {
    if (kernel.isIdentity()) {
      return copy(out, off, len);
    }
    int produced = 0;
    while (produced < len) {
      if (outputEnd >= 0 && outPos >= outputEnd) {
        break;
      }
      long first = kernel.firstInput(outPos);
      int from = (int) (first - bufStart);
      if (from + kernel.taps() > bufLen) {
        refill(first);
        continue;
      }
      out[off + produced++] = ResamplerKernel.apply(kernel.phase(outPos), buf, from);
      outPos++;
    }
    return produced == 0 && len > 0 ? -1 : produced;
  }

  /**
   * {@link #read} for a 16 kHz source: the filter is one tap of 1.0, so output n is input n and a
   * bulk copy gives the same floats without the per-sample dot product (most recordings are 16 kHz).
   */
  private int copy(float[] out, int off, int len) throws IOException {
    int produced = 0;
    while (produced < len) {
      if (outputEnd >= 0 && outPos >= outputEnd) {
        break;
      }
      int from = (int) (outPos - bufStart);
      if (from >= bufLen) {
        refill(outPos);
        continue;
      }
      int n = Math.min(len - produced, bufLen - from);
      if (outputEnd >= 0) {
        n = (int) Math.min(n, outputEnd - outPos);
      }
      System.arraycopy(buf, from, out, off + produced, n);
      produced += n;
      outPos += n;
    }
    return produced == 0 && len > 0 ? -1 : produced;
  }

  /** Drops inputs before {@code keepFrom} and appends the next chunk (zeros after the end). */
  private void refill(long keepFrom) throws IOException {
    int drop = (int) Math.min(bufLen, Math.max(0, keepFrom - bufStart));
    if (drop > 0) {
      System.arraycopy(buf, drop, buf, 0, bufLen - drop);
      bufLen -= drop;
      bufStart += drop;
    }
    int room = Math.min(CHUNK, buf.length - bufLen);
    if (inputEnded) {
      java.util.Arrays.fill(buf, bufLen, bufLen + room, 0f);
      bufLen += room;
      return;
    }
    int n = source.read(planar, 0, room);
    if (n < 0) {
      inputEnded = true;
      if (outputEnd < 0) {
        outputEnd = kernel.outputLength(bufStart + bufLen);
      }
      return;
    }
    downmix(n);
  }

  private void downmix(int n) {
    if (channels == 1) {
      System.arraycopy(planar[0], 0, buf, bufLen, n);
    } else {
      float scale = 1f / channels;
      for (int i = 0; i < n; i++) {
        float s = 0;
        for (int c = 0; c < channels; c++) {
          s += planar[c][i];
        }
        buf[bufLen + i] = s * scale;
      }
    }
    bufLen += n;
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
