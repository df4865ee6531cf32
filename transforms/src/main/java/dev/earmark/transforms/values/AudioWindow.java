package dev.earmark.transforms.values;

import dev.earmark.models.yamnet.PatchGrid;
import dev.earmark.transforms.audio.AudioInfo;
import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * Patches {@code [firstPatch, firstPatch + patchCount)} of one recording, the unit of work of
 * classification. The window needs 16 kHz samples {@link #startSample()} to {@link #endSample()},
 * which overlap the next window by {@link PatchGrid#OVERLAP_SAMPLES}.
 */
@DefaultCoder(AudioWindowCoder.class)
public record AudioWindow(
    Recording recording, int windowIndex, long firstPatch, int patchCount, AudioInfo info)
    implements Serializable {
  public AudioWindow {
    Objects.requireNonNull(recording, "recording");
    Objects.requireNonNull(info, "info");
    if (windowIndex < 0 || firstPatch < 0 || patchCount < 1) {
      throw new IllegalArgumentException(
          "bad window " + windowIndex + " [" + firstPatch + " +" + patchCount + "] of " + recording.uri());
    }
  }

  /** First 16 kHz sample the window's patches read. */
  public long startSample() {
    return PatchGrid.patchStart(firstPatch);
  }

  /** End (exclusive) of the 16 kHz samples the window's patches read. */
  public long endSample() {
    return PatchGrid.spanEnd(firstPatch, patchCount);
  }
}
