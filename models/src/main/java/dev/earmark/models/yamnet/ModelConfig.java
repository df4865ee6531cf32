package dev.earmark.models.yamnet;

import java.io.Serializable;
import java.util.Objects;

/**
 * How to load and run YAMNet. {@code source} is a {@code .tflite} file or a SavedModel directory
 * (local path); {@code batchSize} caps patches per {@code Session.run}, which bounds RSS at
 * ~0.9 MB per patch (measured with scripts/bench-models). {@code sha256} (nullable) is checked before use.
 */
public record ModelConfig(
    String source, int batchSize, int intraOpThreads, int interOpThreads, String sha256)
    implements Serializable {
  public static final int DEFAULT_BATCH_SIZE = 32;
  /**
   * Inter-op setting that runs each {@code Session.run} in the thread that calls it. With a pool of
   * one inter-op thread (TF's setting before 2026-12-02), every concurrent call of the shared
   * session queued on that one thread: a runner's worker threads got one core between them
   * (bench-models {@code concurrent}: callers did 1% of the process CPU, 1.0 core busy).
   */
  public static final int CALLER_THREAD = -1;

  public ModelConfig {
    Objects.requireNonNull(source, "source");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
    }
    if (intraOpThreads < 0 || interOpThreads < CALLER_THREAD) {
      throw new IllegalArgumentException("intra-op threads must be >= 0 (0 = TF default), inter-op >= "
          + CALLER_THREAD + " (" + CALLER_THREAD + " = run in the calling thread)");
    }
  }

  /** One op thread, run by the caller: parallelism comes from the runner's worker threads. */
  public static ModelConfig of(String source) {
    return new ModelConfig(source, DEFAULT_BATCH_SIZE, 1, CALLER_THREAD, null);
  }

  public ModelConfig withBatchSize(int patches) {
    return new ModelConfig(source, patches, intraOpThreads, interOpThreads, sha256);
  }

  public ModelConfig withSha256(String expected) {
    return new ModelConfig(source, batchSize, intraOpThreads, interOpThreads, expected);
  }
}
