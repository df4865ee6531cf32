package dev.earmark.transforms.audio;

import java.io.Closeable;
import java.io.IOException;

/**
 * A pull-based stream of float PCM frames in {@code [-1, 1]}, delivered PLANAR ({@code
 * dest[channel][offset + i]}). Implementations reuse fixed internal buffers, so memory does not
 * grow with the stream; {@link #close()} closes the underlying channel.
 */
public interface PcmSource extends Closeable {

  /** Format of the stream; {@code totalFrames} is -1 when the length is not known. */
  AudioInfo info();

  /** Absolute frame index of the next frame {@link #read} returns. */
  long position();

  /**
   * Moves so the next {@link #read} returns absolute frame {@code frame} (or end of stream if it is
   * past the end). Seekable sources jump; others only move forward by decoding and discarding.
   */
  void seek(long frame) throws IOException;

  /**
   * Reads up to {@code maxFrames} frames into {@code dest[c][offset..]} for every channel {@code c}.
   *
   * @return frames read ({@code > 0}), or -1 at the end of the stream; never 0 when {@code
   *     maxFrames > 0}
   */
  int read(float[][] dest, int offset, int maxFrames) throws IOException;
}
