package dev.earmark.pipeline;

import dev.earmark.models.yamnet.ModelConfig;
import dev.earmark.models.yamnet.SharedYamnet;
import dev.earmark.transforms.classify.LocalModelCopy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this JVM's shared YAMNet loaded for the whole of a sliced run, so that its jobs, which
 * each acquire and release the model, do not load it once per slice. Loading starts on a
 * background thread at once, so it overlaps the launcher's planning. A load that fails here is
 * only logged: the first job loads the model again and reports the failure as a run failure.
 */
final class ModelHold implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelHold.class);
  private final Thread loader;
  private volatile ModelConfig held;

  private ModelHold(ModelConfig model) {
    loader = new Thread(() -> {
      try {
        ModelConfig local = LocalModelCopy.localize(model);
        SharedYamnet.acquire(local);
        held = local;
      } catch (RuntimeException e) {
        LOG.warn("loading YAMNet ahead of the run failed; the job loads it itself: {}", e.getMessage());
      }
    }, "earmark-model-load");
    loader.setDaemon(true);
    loader.start();
  }

  /** Holds {@code model} when {@code hold}, else nothing (one job acquires and releases it itself). */
  static ModelHold start(ModelConfig model, boolean hold) {
    return hold ? new ModelHold(model) : null;
  }

  @Override
  public void close() {
    try {
      loader.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (held != null) {
      SharedYamnet.release(held);
      held = null;
    }
  }
}
