package dev.earmark.transforms.audio;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audio operations the Beam transforms need, on any URI Beam's {@code FileSystems} can open
 * (local paths, {@code gs://}). Memory is bounded by the requested range, never the file. Ogg
 * Vorbis and WAV inputs are recognised by their magic bytes ({@link AudioSources}).
 */
public final class AudioFiles {
  private static final Logger LOG = LoggerFactory.getLogger(AudioFiles.class);

  private AudioFiles() {}

  /** Rate, channels and length, read from the headers and the last Ogg page (nothing decoded). */
  public static AudioInfo probe(String uri) throws IOException {
    try (PcmSource source = AudioSources.open(uri)) {
      return source.info();
    }
  }

  /**
   * 16 kHz mono samples {@code [start, end)} of the recording (positions on the 16 kHz timeline),
   * position-exact: equal to the same slice of resampling the whole file. Positions past the end
   * of the recording are zero. Decodes only the source range the filter needs ({@link
   * Resampler16k#marginFrames}) plus at most one 4096-frame read block.
   */
  public static float[] readMono16k(String uri, long start, long end) throws IOException {
    if (start < 0 || end < start || end - start > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("bad range [" + start + ", " + end + ")");
    }
    float[] out = new float[(int) (end - start)];
    try (PcmSource source = AudioSources.open(uri)) {
      AudioInfo info = source.info();
      if (info.totalFrames() >= 0
          && start >= Resampler16k.outputLength(info.sampleRate(), info.totalFrames())) {
        return out;
      }
      Resampler16k resampler = new Resampler16k(source, start);
      int off = 0;
      while (off < out.length) {
        int n = resampler.read(out, off, out.length - off);
        if (n < 0) {
          break;
        }
        off += n;
      }
    }
    return out;
  }

  /**
   * Streams 16 kHz mono from position {@code start} on (same samples as {@link #readMono16k}), for
   * callers that walk a whole file window by window without reopening it. {@link
   * Resampler16k#read} returns -1 at {@code ceil(totalFrames * 16000 / rate)}; the caller closes
   * the stream (which closes the file).
   */
  public static Resampler16k openMono16k(String uri, long start) throws IOException {
    PcmSource source = AudioSources.open(uri);
    try {
      return new Resampler16k(source, start);
    } catch (IOException | RuntimeException e) {
      source.close();
      throw e;
    }
  }

  /**
   * Encodes source frames {@code [startFrame, endFrame)} (clamped to the recording) at the source
   * rate and channels into {@code out}, in {@code format}. Faults reading the source propagate as
   * the source's; {@code out} marks its own.
   */
  public static void writeClip(
      String sourceUri, long startFrame, long endFrame, ClipFormat format, WritableByteChannel out)
      throws IOException {
    if (startFrame < 0 || endFrame < startFrame) {
      throw new IllegalArgumentException("bad clip [" + startFrame + ", " + endFrame + ")");
    }
    try (PcmSource source = AudioSources.open(sourceUri)) {
      long total = source.info().totalFrames();
      long end = total >= 0 ? Math.min(endFrame, total) : endFrame;
      long start = Math.min(startFrame, end);
      source.seek(start);
      long frames = end - start;
      LOG.debug("{}: encoding frames [{}, {}) as {}", sourceUri, start, end, format);
      switch (format) {
        case WAV -> WavClipWriter.write(source, frames, out);
        case FLAC -> FlacClipWriter.write(source, frames, out);
        default -> throw new IllegalArgumentException("unknown format " + format);
      }
    }
  }
}
