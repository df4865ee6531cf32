package dev.earmark.models.yamnet;

import java.util.ArrayList;
import java.util.List;

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
  /**
   * Patches per window when nothing else is asked: 125 = 60 s of hops, 960,000 + 7,920 samples,
   * ~3.9 MB of 16 kHz floats.
   */
  public static final int DEFAULT_WINDOW_PATCHES = 125;

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

  /**
   * Consecutive patches {@code [first, first + count)} of a recording's grid and the samples they
   * need. {@link #endSample()} may pass the end of the recording: those samples are zero, exactly
   * as in the whole-file call.
   */
  public record PatchRange(long first, long count) {
    public PatchRange {
      if (first < 0 || count < 0) {
        throw new IllegalArgumentException("bad patch range first=" + first + " count=" + count);
      }
    }

    public boolean isEmpty() {
      return count == 0;
    }

    /** First sample of the first patch. */
    public long startSample() {
      return patchStart(first);
    }

    /** End (exclusive) of the samples the patches need; equals {@link #startSample()} if empty. */
    public long endSample() {
      return count == 0 ? startSample() : spanEnd(first, count);
    }

    public int sampleCount() {
      return Math.toIntExact(endSample() - startSample());
    }
  }

  /** How many windows {@link #windows} makes, without making them. */
  public static long windowCount(long totalPatches, int patchesPerWindow) {
    if (patchesPerWindow < 1) {
      throw new IllegalArgumentException("patchesPerWindow must be >= 1: " + patchesPerWindow);
    }
    return (totalPatches + patchesPerWindow - 1) / patchesPerWindow;
  }

  /**
   * The one windowing rule: consecutive windows of {@code patchesPerWindow} patches (the last one
   * shorter) covering patches {@code [0, totalPatches)}. Consecutive windows' sample spans overlap
   * by {@link #OVERLAP_SAMPLES}; together their patches are exactly the whole-file patches, so
   * windowed scores equal a whole-file call's.
   */
  public static List<PatchRange> windows(long totalPatches, int patchesPerWindow) {
    if (patchesPerWindow < 1) {
      throw new IllegalArgumentException("patchesPerWindow must be >= 1: " + patchesPerWindow);
    }
    List<PatchRange> windows = new ArrayList<>();
    for (long first = 0; first < totalPatches; first += patchesPerWindow) {
      windows.add(new PatchRange(first, Math.min(patchesPerWindow, totalPatches - first)));
    }
    return windows;
  }

  /** Patches per window of about {@code seconds} seconds (at least 1). */
  public static int patchesPerWindow(double seconds) {
    return Math.max(1, (int) Math.round(seconds * SAMPLE_RATE / HOP_SAMPLES));
  }

  /**
   * The whole-file patches a caller holding samples {@code [start, end)} of a recording with
   * {@code totalSamples} samples can compute: those starting at or after {@code start} whose span
   * ends by {@code end}, where a span reaching past the recording's end counts as available once
   * {@code end >= totalSamples} (the rest is zero padding).
   */
  public static PatchRange patchesWithin(long start, long end, long totalSamples) {
    if (start < 0 || end < start || totalSamples < 0) {
      throw new IllegalArgumentException("bad sample range [" + start + ", " + end + ") of "
          + totalSamples);
    }
    long total = patchCount(totalSamples);
    long first = (start + HOP_SAMPLES - 1) / HOP_SAMPLES;
    long endPatch; // exclusive
    if (end >= totalSamples) {
      endPatch = total;
    } else if (end < PATCH_SAMPLES) {
      endPatch = 0;
    } else {
      endPatch = Math.min(total, (end - PATCH_SAMPLES) / HOP_SAMPLES + 1);
    }
    return new PatchRange(Math.min(first, total), Math.max(0, endPatch - first));
  }
}
