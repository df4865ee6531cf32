package dev.earmark.transforms.values;

import dev.earmark.models.yamnet.PatchGrid;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.SerializableCoder;

/**
 * Memory and timing figures for classifying one window, taken in the worker that did it. Byte
 * counts are -1 where the platform does not report them (e.g. no /proc on macOS). Heap figures
 * are before/after the window; the others after it. {@code physicalBytes} is JavaCPP's {@code
 * Pointer.physicalBytes()}: the process's private resident memory (close to RSS without shared
 * pages), not TensorFlow's own share of it; {@code modelLoads} counts YAMNet loads in this JVM (1 = shared);
 * {@code endTimeMillis} is the wall clock (epoch ms) when the window was done, so a run's records
 * place each window on one timeline (stages, RSS over time).
 */
@DefaultCoder(SerializableCoder.class)
public record MemoryMetrics(
    String runId,
    String worker,
    String thread,
    String userId,
    String recordingUri,
    int chunkIndex,
    int windowIndex,
    long firstPatch,
    int patchCount,
    long startSample,
    long endSample,
    long heapUsedBefore,
    long heapCommittedBefore,
    long heapUsedAfter,
    long heapCommittedAfter,
    long directBufferBytes,
    long physicalBytes,
    long rssBytes,
    long peakRssBytes,
    long rssAnonBytes,
    long rssFileBytes,
    long decodeMillis,
    long inferenceMillis,
    int modelLoads,
    long endTimeMillis)
    implements Serializable {

  /** The audio the window covered: one YAMNet hop per patch. */
  public double audioSeconds() {
    return (double) patchCount * PatchGrid.HOP_SAMPLES / PatchGrid.SAMPLE_RATE;
  }

  /** Largest heap use seen around the window (it allocates, so "after" is usually larger). */
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
}
