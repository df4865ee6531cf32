package dev.earmark.transforms.classify;

import dev.earmark.transforms.values.AudioWindow;
import java.io.Serializable;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * The Beam metrics of the classify step, one {@link #windowDone} per window. The inference names
 * are RunInference's, so dashboards built for it read ours too: {@code num_inferences} counts
 * patches, and a batch is one TensorFlow call of at most {@code --inferenceBatchSize} patches.
 */
final class ClassifyStepMetrics implements Serializable {
  private static final Class<?> NAMESPACE = ClassifyWindows.class;

  private final Counter windowsClassified = Metrics.counter(NAMESPACE, "windowsClassified");
  private final Counter patchesClassified = Metrics.counter(NAMESPACE, "patchesClassified");
  private final Counter numInferences = Metrics.counter(NAMESPACE, "num_inferences");
  private final Distribution batchLatency = Metrics.distribution(NAMESPACE, "inference_batch_latency_micro_secs");
  private final Distribution decodeMicros = Metrics.distribution(NAMESPACE, "decodeMicros");
  private final Distribution inferenceMicros = Metrics.distribution(NAMESPACE, "inferenceMicros");
  private final Distribution patchesPerCall = Metrics.distribution(NAMESPACE, "patchesPerCall");
  private final Distribution heapUsedBytes = Metrics.distribution(NAMESPACE, "heapUsedBytes");
  private final Distribution rssBytes = Metrics.distribution(NAMESPACE, "rssBytes");

  /** One TensorFlow call took {@code nanos}. */
  void batchDone(long nanos) {
    batchLatency.update(nanos / 1000);
  }

  void windowDone(AudioWindow window, long decodeNanos, long inferenceNanos, MemorySnapshot after) {
    windowsClassified.inc();
    patchesClassified.inc(window.patchCount());
    numInferences.inc(window.patchCount());
    decodeMicros.update(decodeNanos / 1000);
    inferenceMicros.update(inferenceNanos / 1000);
    patchesPerCall.update(window.patchCount());
    heapUsedBytes.update(after.heapUsed());
    rssBytes.update(after.rss());
  }
}
