package dev.earmark.models.yamnet;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link YamnetModel} per JVM and config, reference counted: the first {@link #acquire} loads,
 * the last {@link #release} closes. Beam creates many DoFn instances per worker JVM; TF natives
 * cost ~0.5 GB per process (measured on a TaskManager), so they must share one model.
 */
public final class SharedYamnet {
  private static final Logger LOG = LoggerFactory.getLogger(SharedYamnet.class);
  private static final Map<ModelConfig, Holder> MODELS = new HashMap<>();
  private static int loads;

  private static final class Holder {
    final YamnetModel model;
    int refs;

    Holder(YamnetModel model) {
      this.model = model;
    }
  }

  private SharedYamnet() {}

  /** The shared model for {@code config}, loading it if no one holds it. Pair with {@link #release}. */
  public static synchronized YamnetModel acquire(ModelConfig config) {
    Holder h = MODELS.get(config);
    if (h == null) {
      // Loading under the lock: concurrent first acquires must not load twice (0.5 GB each).
      h = new Holder(YamnetModel.load(config));
      loads++;
      MODELS.put(config, h);
    }
    h.refs++;
    return h.model;
  }

  /** Drops one reference; the last one closes the model. */
  public static synchronized void release(ModelConfig config) {
    Holder h = MODELS.get(config);
    if (h == null) {
      throw new IllegalStateException("release without acquire for model " + config.source());
    }
    if (--h.refs == 0) {
      MODELS.remove(config);
      h.model.close();
      LOG.info("Closed shared YAMNet model {}", config.source());
      SharedYamnet.class.notifyAll();
    }
  }

  /**
   * Waits up to {@code timeout} until no model is held in this JVM; true when none is. A failed
   * job's workers may still be tearing down (and closing the model) after the job has returned;
   * a launcher waits for them so that its last line is its own.
   */
  public static synchronized boolean awaitAllReleased(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!MODELS.isEmpty()) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      SharedYamnet.class.wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** How many times a model was loaded in this JVM (for proving once-per-JVM loading). */
  public static synchronized int loadCount() {
    return loads;
  }

  /** References currently held on {@code config}'s model (0 when not loaded). */
  public static synchronized int refCount(ModelConfig config) {
    Holder h = MODELS.get(config);
    return h == null ? 0 : h.refs;
  }
}
