package dev.earmark.models.yamnet;

import java.util.Arrays;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.types.TFloat32;

/**
 * YAMNet loaded into one TensorFlow session. Thread-safe: {@link #classify} may be called from
 * many threads. Close it (or release it through {@link SharedYamnet}) to free native memory.
 * Each {@code Session.run} gets one contiguous waveform span of at most {@code batchSize} patches,
 * which bounds native memory (~0.9 MB per patch) whatever the input length.
 */
public final class YamnetModel implements AutoCloseable {
  public static final int NUM_CLASSES = 521;
  public static final int EMBEDDING_SIZE = 1024;

  private final ModelConfig config;
  private final LoadedSession loaded;
  // close() must not free the session under a running classify.
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;
  // Benign race: two threads may both compute it once; the values are the same.
  private volatile PatchOutputs silentPatch;

  private YamnetModel(ModelConfig config, LoadedSession loaded) {
    this.config = config;
    this.loaded = loaded;
  }

  /** Loads a model from a {@code .tflite} file or a SavedModel directory. */
  public static YamnetModel load(ModelConfig config) {
    return new YamnetModel(config, LoadedSession.open(config));
  }

  public ModelConfig config() {
    return config;
  }

  /**
   * Scores {@code patchCount} consecutive patches whose first patch starts at {@code samples[0]}.
   * {@code samples} (16 kHz mono, [-1, 1]) may be shorter than {@link
   * PatchGrid#spanSamples(int)}; the rest is zero, as at the end of a recording. Runs in batches of
   * at most {@code batchSize} patches; returns {@code [patchCount][NUM_CLASSES]} sigmoid scores.
   */
  public float[][] classify(float[] samples, int patchCount) {
    return infer(samples, patchCount, false, NO_TIMING).scores();
  }

  /**
   * Like {@link #classify(float[], int)}, reporting each {@code Session.run}'s patch count and
   * wall time to {@code batchTiming} (for per-batch latency metrics, as RunInference keeps them).
   */
  public float[][] classify(float[] samples, int patchCount, BatchTiming batchTiming) {
    return infer(samples, patchCount, false, batchTiming).scores();
  }

  /** Receives one call per inference batch. */
  @FunctionalInterface
  public interface BatchTiming {
    void batchDone(int patches, long nanos);
  }

  private static final BatchTiming NO_TIMING = (patches, nanos) -> {};

  /** Whole-clip convenience: pads like upstream YAMNet and scores every patch. */
  public float[][] classify(float[] samples) {
    return classify(samples, Math.toIntExact(PatchGrid.patchCount(samples.length)));
  }

  /** Like {@link #classify(float[], int)}, also returning the 1024-d embedding of each patch. */
  public PatchOutputs classifyWithEmbeddings(float[] samples, int patchCount) {
    return infer(samples, patchCount, true, NO_TIMING);
  }

  /** Like {@link #classifyWithEmbeddings(float[], int)}, reporting each batch to {@code batchTiming}. */
  public PatchOutputs classifyWithEmbeddings(float[] samples, int patchCount, BatchTiming batchTiming) {
    return infer(samples, patchCount, true, batchTiming);
  }

  /** Scores and (optionally) embeddings per patch; {@code embeddings} is null when not asked for. */
  public record PatchOutputs(float[][] scores, float[][] embeddings) {}

  /** Log-mel spectrogram {@code [frames, 64]} of one span of at most {@code batchSize} patches. */
  public float[][] logMel(float[] samples) {
    if (loaded.logMel() == null) {
      throw new UnsupportedOperationException("model " + config.source() + " has no log-mel output");
    }
    lifecycle.readLock().lock();
    try {
      checkOpen();
      try (TFloat32 in = TFloat32.vectorOf(samples);
          Result r = loaded.session().runner().feed(loaded.input(), in).fetch(loaded.logMel()).run()) {
        return rows((TFloat32) r.get(0), MelFrontEnd.MEL_BANDS);
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private PatchOutputs infer(float[] samples, int patchCount, boolean withEmbeddings, BatchTiming timing) {
    if (patchCount < 0) {
      throw new IllegalArgumentException("patchCount must be >= 0: " + patchCount);
    }
    float[][] scores = new float[patchCount][];
    float[][] embeddings = withEmbeddings ? new float[patchCount][] : null;
    int first = 0;
    while (first < patchCount) {
      if (isSilent(samples, first)) {
        PatchOutputs silent = silentPatch();
        scores[first] = silent.scores()[0].clone();
        if (embeddings != null) {
          embeddings[first] = silent.embeddings()[0].clone();
        }
        first++;
        continue;
      }
      // A batch is a run of consecutive patches that are not all zero (one contiguous span).
      int count = 1;
      while (count < config.batchSize() && first + count < patchCount && !isSilent(samples, first + count)) {
        count++;
      }
      long t0 = System.nanoTime();
      runBatch(samples, Math.toIntExact(PatchGrid.patchStart(first)), count, first, scores, embeddings);
      timing.batchDone(count, System.nanoTime() - t0);
      first += count;
    }
    return new PatchOutputs(scores, embeddings);
  }

  /**
   * True when every sample of patch {@code index} is zero (samples past the end of {@code samples}
   * are zero, as in {@link #classify(float[], int)}). Noise or speech stops the scan at the first
   * samples, so this costs next to nothing on real audio.
   */
  static boolean isSilent(float[] samples, int index) {
    int start = Math.toIntExact(PatchGrid.patchStart(index));
    int end = Math.min(samples.length, start + PatchGrid.PATCH_SAMPLES);
    for (int i = start; i < end; i++) {
      if (samples[i] != 0f) {
        return false;
      }
    }
    return true;
  }

  /**
   * Scores and embedding of an all-zero patch, computed by the model once and reused: a patch's
   * outputs depend only on its own samples, so digital silence (common in near-empty chunks and
   * padding) always scores the same and needs no inference.
   */
  private PatchOutputs silentPatch() {
    PatchOutputs silent = silentPatch;
    if (silent == null) {
      float[][] scores = new float[1][];
      float[][] embeddings = new float[1][];
      runBatch(new float[0], 0, 1, 0, scores, embeddings);
      silent = new PatchOutputs(scores, embeddings);
      silentPatch = silent;
    }
    return silent;
  }

  /** Scores every patch through the model, silent or not: the reference the shortcut is tested against. */
  float[][] classifyEveryPatch(float[] samples, int patchCount) {
    float[][] scores = new float[patchCount][];
    for (int first = 0; first < patchCount; first += config.batchSize()) {
      int count = Math.min(config.batchSize(), patchCount - first);
      runBatch(samples, Math.toIntExact(PatchGrid.patchStart(first)), count, first, scores, null);
    }
    return scores;
  }

  /**
   * The waveform span one batch needs, written straight into native memory (no heap copy), zero
   * beyond the end of {@code samples}.
   */
  private static TFloat32 spanTensor(float[] samples, int start, int count) {
    int length = PatchGrid.spanSamples(count);
    int available = Math.max(0, Math.min(length, samples.length - start));
    return TFloat32.tensorOf(Shape.of(length), t -> {
      FloatDataBuffer data = t.asRawTensor().data().asFloats();
      if (available > 0) {
        data.write(samples, start, available);
      }
      if (available < length) {
        data.offset(available).write(new float[length - available]);
      }
    });
  }

  private void runBatch(
      float[] samples, int start, int count, int first, float[][] scores, float[][] embeddings) {
    lifecycle.readLock().lock();
    try {
      checkOpen();
      Session.Runner runner = loaded.session().runner().fetch(loaded.scores());
      if (embeddings != null) {
        runner.fetch(loaded.embeddings());
      }
      try (TFloat32 in = spanTensor(samples, start, count); Result r = runner.feed(loaded.input(), in).run()) {
        copyRows((TFloat32) r.get(0), NUM_CLASSES, count, scores, first);
        if (embeddings != null) {
          copyRows((TFloat32) r.get(1), EMBEDDING_SIZE, count, embeddings, first);
        }
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private void copyRows(TFloat32 t, int width, int count, float[][] into, int first) {
    float[][] rows = rows(t, width);
    if (rows.length != count) {
      throw new IllegalStateException("model " + config.source() + " returned " + rows.length
          + " patches for a span of " + count);
    }
    System.arraycopy(rows, 0, into, first, count);
  }

  private static float[][] rows(TFloat32 t, int width) {
    float[] flat = new float[Math.toIntExact(t.size())];
    t.copyTo(DataBuffers.of(flat, false, false));
    float[][] rows = new float[flat.length / width][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
    }
    return rows;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("YAMNet model " + config.source() + " is closed");
    }
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        loaded.close();
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
  }
}
