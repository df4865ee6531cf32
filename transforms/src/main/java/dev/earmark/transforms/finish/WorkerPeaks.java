package dev.earmark.transforms.finish;

import dev.earmark.models.system.ProcessMemory;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * Each worker's peak RSS late in the job, as a Beam distribution named {@code peakRss.<host:pid>}:
 * the per-window metrics stop at a worker's last window, but stitching, clips, manifests and
 * tables come after it, so the finishing steps report the high-water mark again when they end a
 * bundle. The launcher reads the distributions off the job's result (one per TaskManager on Flink).
 */
public final class WorkerPeaks {
  /** Prefix of the distributions' names; the rest is the worker id. */
  public static final String PREFIX = "peakRss.";
  private static final String WORKER = ProcessMemory.worker();

  private WorkerPeaks() {}

  /** Records this JVM's peak RSS so far (nothing where the platform has no procfs). */
  static void record() {
    long peak = ProcessMemory.read().peakRssBytes();
    if (peak > 0) {
      Metrics.distribution(WorkerPeaks.class, PREFIX + WORKER).update(peak);
    }
  }
}
