package dev.earmark.transforms.classify;

import dev.earmark.models.yamnet.SharedYamnet;
import dev.earmark.transforms.values.AudioWindow;
import dev.earmark.transforms.values.MemoryMetrics;
import java.time.ZoneOffset;

/** Makes the per-window {@link MemoryMetrics} row of one worker: who ran what, and the memory around it. */
final class WindowMemoryRecorder {
  private static final int CHUNK_SECONDS = 1800;

  private final String runId;
  private final String worker;

  WindowMemoryRecorder(String runId, String worker) {
    this.runId = runId;
    this.worker = worker;
  }

  MemoryMetrics record(AudioWindow w, MemorySnapshot before, MemorySnapshot after, long decodeMillis,
      long inferenceMillis) {
    int chunkIndex = w.recording().startTime().atOffset(ZoneOffset.UTC).toLocalTime().toSecondOfDay() / CHUNK_SECONDS;
    return new MemoryMetrics(runId, worker, Thread.currentThread().getName(),
        w.recording().userId(), w.recording().uri(), chunkIndex, w.windowIndex(), w.firstPatch(),
        w.patchCount(), w.startSample(), w.endSample(), before.heapUsed(), before.heapCommitted(),
        after.heapUsed(), after.heapCommitted(), after.directBytes(), after.physicalBytes(),
        after.rss(), after.peakRss(), after.rssAnon(), after.rssFile(), decodeMillis, inferenceMillis, SharedYamnet.loadCount(),
        System.currentTimeMillis());
  }
}
