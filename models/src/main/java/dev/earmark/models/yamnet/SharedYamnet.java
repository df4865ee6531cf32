package dev.earmark.models.yamnet;

/**
 * One {@link YamnetModel} per JVM and config, reference counted: the first {@link #acquire} loads,
 * the last {@link #release} closes. Beam creates many DoFn instances per worker JVM; TF natives
 * cost ~0.5 GB per process (FLINK.md), so they must share one model.
 *
 * <p>CONTRACT STUB: implemented in the models work (issue 3).
 */
public final class SharedYamnet {
  private SharedYamnet() {}

  public static YamnetModel acquire(ModelConfig config) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  public static void release(ModelConfig config) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** How many times a model was loaded in this JVM (for proving once-per-JVM loading). */
  public static int loadCount() {
    return 0;
  }
}
