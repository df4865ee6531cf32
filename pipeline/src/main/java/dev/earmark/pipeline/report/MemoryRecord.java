package dev.earmark.pipeline.report;

import dev.earmark.models.yamnet.PatchGrid;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of {@code metrics/<run>/memory-*.jsonl}: the memory and timing of one classified window.
 * Byte fields are -1 where the worker could not measure them (e.g. no /proc on macOS).
 */
public record MemoryRecord(
    String runId,
    String worker,
    String userId,
    String recordingUri,
    int chunkIndex,
    int windowIndex,
    int patchCount,
    long heapUsedBefore,
    long heapCommittedBefore,
    long heapUsedAfter,
    long heapCommittedAfter,
    long directBufferBytes,
    long tfNativeBytes,
    long rssBytes,
    long peakRssBytes,
    long decodeMs,
    long inferenceMs,
    long endTimeMs) {

  /** Recordings are named by their start time, e.g. {@code .../2025-11-20/2200.ogg}. */
  private static final Pattern HHMM_FILE = Pattern.compile("/(\\d{4})\\.ogg$");

  /** The audio a window covered: one YAMNet hop per patch. */
  public double audioSeconds() {
    return (double) patchCount * PatchGrid.HOP_SAMPLES / PatchGrid.SAMPLE_RATE;
  }

  /** Largest heap use seen around the window (the window allocates, so "after" is usually larger). */
  public long heapUsed() {
    return Math.max(heapUsedBefore, heapUsedAfter);
  }

  public long heapCommitted() {
    return Math.max(heapCommittedBefore, heapCommittedAfter);
  }

  /** The process high-water mark, or the current RSS when the high-water mark is unknown. */
  public long peakOrRss() {
    return peakRssBytes >= 0 ? peakRssBytes : rssBytes;
  }

  /** What is resident but not Java heap: TensorFlow's natives and tensors, metaspace, code; -1 if unknown. */
  public long nonHeapEstimate() {
    return rssBytes >= 0 && heapCommitted() >= 0 ? rssBytes - heapCommitted() : -1;
  }

  /**
   * Wall-clock time of the chunk's start, "HH:MM": from the HHMM file name when the recording
   * follows that convention, otherwise from the chunk index (chunks are 30 minutes of the day).
   */
  public String chunkStart() {
    Matcher m = HHMM_FILE.matcher(recordingUri);
    if (m.find()) {
      return m.group(1).substring(0, 2) + ":" + m.group(1).substring(2);
    }
    if (chunkIndex < 0) {
      return "-";
    }
    int minutes = chunkIndex * 30;
    return String.format("%02d:%02d", minutes / 60 % 24, minutes % 60);
  }
}
