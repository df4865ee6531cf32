package dev.earmark.models.yamnet;

import java.io.Serializable;
import java.util.Objects;

/**
 * How to load and run YAMNet. {@code source} is a {@code .tflite} file or a SavedModel directory
 * (local path); {@code batchSize} caps patches per {@code Session.run}, which bounds RSS at
 * ~0.9 MB per patch (DEPENDENCIES.md). {@code sha256} (nullable) is checked before use.
 */
public record ModelConfig(
    String source, int batchSize, int intraOpThreads, int interOpThreads, String sha256)
    implements Serializable {
  public static final int DEFAULT_BATCH_SIZE = 32;

  public ModelConfig {
    Objects.requireNonNull(source, "source");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
    }
    if (intraOpThreads < 0 || interOpThreads < 0) {
      throw new IllegalArgumentException("thread counts must be >= 0 (0 = TF default)");
    }
  }

  /** One slot per core: TF op threads = 1, parallelism comes from the runner's slots. */
  public static ModelConfig of(String source) {
    return new ModelConfig(source, DEFAULT_BATCH_SIZE, 1, 1, null);
  }

  public ModelConfig withBatchSize(int patches) {
    return new ModelConfig(source, patches, intraOpThreads, interOpThreads, sha256);
  }

  public ModelConfig withThreads(int intraOp, int interOp) {
    return new ModelConfig(source, batchSize, intraOp, interOp, sha256);
  }

  public ModelConfig withSha256(String expected) {
    return new ModelConfig(source, batchSize, intraOpThreads, interOpThreads, expected);
  }
}
