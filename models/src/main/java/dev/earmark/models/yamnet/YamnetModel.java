package dev.earmark.models.yamnet;

/**
 * YAMNet loaded into one TensorFlow session. Thread-safe: {@link #classify} may be called from
 * many threads. Close it (or release it through {@link SharedYamnet}) to free native memory.
 *
 * <p>CONTRACT STUB: implemented in the models work (issue 3).
 */
public final class YamnetModel implements AutoCloseable {
  public static final int NUM_CLASSES = 521;
  public static final int EMBEDDING_SIZE = 1024;

  /** Loads a model from a {@code .tflite} file or a SavedModel directory. */
  public static YamnetModel load(ModelConfig config) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * Scores {@code patchCount} consecutive patches whose first patch starts at {@code samples[0]}.
   * {@code samples} (16 kHz mono, [-1, 1]) may be shorter than {@link
   * PatchGrid#spanSamples(int)}; the rest is zero, as at the end of a recording. Runs in batches of
   * at most {@code batchSize} patches; returns {@code [patchCount][NUM_CLASSES]} sigmoid scores.
   */
  public float[][] classify(float[] samples, int patchCount) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Whole-clip convenience: pads like upstream YAMNet and scores every patch. */
  public float[][] classify(float[] samples) {
    return classify(samples, Math.toIntExact(PatchGrid.patchCount(samples.length)));
  }

  @Override
  public void close() {}
}
