package dev.earmark.transforms.values;

import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.SerializableCoder;

/**
 * Memory and timing figures for classifying one window, taken in the worker that did it. Byte
 * counts are -1 where the platform does not report them (e.g. no /proc on macOS). Heap figures
 * are before/after the window; the others after it. {@code tfNativeBytes} is JavaCPP's {@code
 * Pointer.physicalBytes()}; {@code modelLoads} counts YAMNet loads in this JVM (1 = shared);
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
    long tfNativeBytes,
    long rssBytes,
    long peakRssBytes,
    long decodeMillis,
    long inferenceMillis,
    int modelLoads,
    long endTimeMillis)
    implements Serializable {}
