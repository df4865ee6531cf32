package dev.earmark.transforms.audio;

import java.io.IOException;

/**
 * The audio operations the Beam transforms need, on any URI Beam's {@code FileSystems} can open
 * (local paths, {@code gs://}). Memory is bounded by the requested range, never the file.
 *
 * <p>CONTRACT STUB: implemented in the audio I/O work (issue 2).
 */
public final class AudioFiles {
  private AudioFiles() {}

  /** Rate, channels and length, read from the headers and the last Ogg page. */
  public static AudioInfo probe(String uri) throws IOException {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * 16 kHz mono samples {@code [start, end)} of the recording (positions on the 16 kHz timeline),
   * position-exact: equal to the same slice of resampling the whole file. Positions past the end
   * of the recording are zero.
   */
  public static float[] readMono16k(String uri, long start, long end) throws IOException {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * Writes source frames {@code [startFrame, endFrame)} at the source rate and channels to {@code
   * targetUri}, through a temporary name renamed into place.
   */
  public static void writeClip(
      String sourceUri, long startFrame, long endFrame, String targetUri, ClipFormat format)
      throws IOException {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
