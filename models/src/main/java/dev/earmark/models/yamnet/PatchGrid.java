package dev.earmark.models.yamnet;

/**
 * YAMNet's patch grid on 16 kHz audio: patch {@code k} covers samples
 * {@code [k * HOP_SAMPLES, k * HOP_SAMPLES + PATCH_SAMPLES)}. A patch's log-mel frames depend
 * only on the samples inside it, so any caller that feeds exact 16 kHz samples for a span of
 * patches gets exactly the scores a whole-file call would give for those patches.
 */
public final class PatchGrid {
  public static final int SAMPLE_RATE = 16_000;
  /** 0.975 s: 96 STFT frames of 400 samples with hop 160. */
  public static final int PATCH_SAMPLES = 15_600;
  /** 0.48 s: 48 frames. */
  public static final int HOP_SAMPLES = 7_680;
  /** Samples shared by consecutive patches; windows of a long file overlap by this much. */
  public static final int OVERLAP_SAMPLES = PATCH_SAMPLES - HOP_SAMPLES;

  private PatchGrid() {}

  /**
   * Patches a whole-clip call yields for {@code samples} samples: the clip is zero-padded to at
   * least one patch and then up to {@code PATCH_SAMPLES + k * HOP_SAMPLES}, as upstream does.
   */
  public static long patchCount(long samples) {
    if (samples < 0) {
      throw new IllegalArgumentException("negative sample count " + samples);
    }
    long beyondFirst = Math.max(0, samples - PATCH_SAMPLES);
    return 1 + (beyondFirst + HOP_SAMPLES - 1) / HOP_SAMPLES;
  }

  /** First sample of patch {@code index}. */
  public static long patchStart(long index) {
    return index * HOP_SAMPLES;
  }

  /** End (exclusive) of the samples that patches {@code [first, first + count)} need. */
  public static long spanEnd(long first, long count) {
    if (count <= 0) {
      throw new IllegalArgumentException("patch count must be positive: " + count);
    }
    return patchStart(first + count - 1) + PATCH_SAMPLES;
  }

  /** Samples needed by {@code count} consecutive patches. */
  public static int spanSamples(int count) {
    return Math.toIntExact(spanEnd(0, count));
  }
}
