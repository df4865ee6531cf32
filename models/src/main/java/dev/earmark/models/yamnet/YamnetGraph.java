package dev.earmark.models.yamnet;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Builds YAMNet in a TF graph with the same signature as TF Hub's {@code google/yamnet/1}: a 1-D
 * float32 {@code waveform} in, {@code scores [N, 521]}, {@code embeddings [N, 1024]} and
 * {@code log_mel_spectrogram [M, 64]} out. The graph pads the waveform exactly like upstream, so a
 * span of {@link PatchGrid#spanSamples(int)} samples yields exactly that many patches.
 */
public final class YamnetGraph {
  public static final String INPUT = "waveform";
  public static final String SCORES = "scores";
  public static final String EMBEDDINGS = "embeddings";
  public static final String LOG_MEL = "log_mel_spectrogram";
  /** Input of {@link #patchesSignature}: log-mel patches {@code [N, 96, 64]} from a Java front end. */
  public static final String PATCHES = "patches";

  private YamnetGraph() {}

  /** The TF Hub-compatible waveform signature (front end in the graph). */
  public static Signature waveformSignature(Ops tf, YamnetWeights weights) {
    Placeholder<TFloat32> waveform =
        tf.withName(INPUT).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
    Operand<TFloat32> logMel = logMel(tf, padLikeUpstream(tf, waveform));
    Operand<TFloat32> patches = frame(tf, logMel, MelFrontEnd.PATCH_FRAMES, MelFrontEnd.PATCH_HOP_FRAMES);
    Operand<TFloat32> embeddings = embeddings(tf, patches, weights);
    return Signature.builder()
        .key(Signature.DEFAULT_KEY)
        .input(INPUT, waveform)
        .output(SCORES, tf.withName(SCORES).identity(scores(tf, embeddings, weights)))
        .output(EMBEDDINGS, tf.withName(EMBEDDINGS).identity(embeddings))
        .output(LOG_MEL, tf.withName(LOG_MEL).identity(logMel))
        .build();
  }

  /** The network without front end, fed by log-mel patches computed in Java (for benchmarks). */
  public static Signature patchesSignature(Ops tf, YamnetWeights weights) {
    Placeholder<TFloat32> patches = tf.withName(PATCHES).placeholder(TFloat32.class,
        Placeholder.shape(Shape.of(-1, MelFrontEnd.PATCH_FRAMES, MelFrontEnd.MEL_BANDS)));
    Operand<TFloat32> embeddings = embeddings(tf, patches, weights);
    return Signature.builder()
        .key("from_patches")
        .input(PATCHES, patches)
        .output(SCORES, tf.withName("patch_scores").identity(scores(tf, embeddings, weights)))
        .output(EMBEDDINGS, tf.withName("patch_embeddings").identity(embeddings))
        .build();
  }

  /** Zero-pads to >= 15600 samples, then up to 15600 + k * 7680 (upstream features.pad_waveform). */
  static Operand<TFloat32> padLikeUpstream(Ops tf, Operand<TFloat32> waveform) {
    Operand<TInt32> n = tf.size(waveform);
    Operand<TInt32> min = tf.constant(PatchGrid.PATCH_SAMPLES);
    Operand<TInt32> hop = tf.constant(PatchGrid.HOP_SAMPLES);
    Operand<TInt32> beyond = tf.math.sub(tf.math.maximum(n, min), min);
    Operand<TInt32> hops = tf.math.floorDiv(tf.math.add(beyond, tf.constant(PatchGrid.HOP_SAMPLES - 1)), hop);
    Operand<TInt32> total = tf.math.add(min, tf.math.mul(hops, hop));
    Operand<TInt32> padAfter = tf.math.sub(total, n);
    Operand<TInt32> paddings = tf.reshape(tf.stack(List.of(tf.constant(0), padAfter)), tf.constant(new int[] {1, 2}));
    return tf.pad(waveform, paddings, tf.constant(0f));
  }

  /** |STFT| (periodic Hann 400, hop 160, 512-point rfft) -> mel -> log(mel + 0.001): [frames, 64]. */
  static Operand<TFloat32> logMel(Ops tf, Operand<TFloat32> waveform) {
    Operand<TFloat32> frames = frame(tf, waveform, MelFrontEnd.FRAME_LENGTH, MelFrontEnd.FRAME_STEP);
    Operand<TFloat32> windowed = tf.math.mul(frames, tf.constant(MelFrontEnd.hannWindow()));
    Operand<TFloat32> magnitude = rfftMagnitude(tf, windowed);
    Operand<TFloat32> mel = tf.linalg.matMul(magnitude, constant(tf, MelFrontEnd.melMatrix(),
        MelFrontEnd.SPECTRUM_BINS, MelFrontEnd.MEL_BANDS));
    return tf.math.log(tf.math.add(mel, tf.constant(MelFrontEnd.LOG_OFFSET)));
  }

  /**
   * |rfft(x, 512)|. TF Java 1.1 has no complex tensor type, so RFFT and ComplexAbs are built as raw
   * ops; the complex intermediate never leaves the graph.
   */
  @SuppressWarnings("unchecked")
  static Operand<TFloat32> rfftMagnitude(Ops tf, Operand<TFloat32> frames) {
    // The raw RFFT op does not zero-pad to fft_length as tf.signal.rfft does.
    Operand<TFloat32> padded = tf.pad(frames,
        tf.constant(new int[][] {{0, 0}, {0, MelFrontEnd.FFT_LENGTH - MelFrontEnd.FRAME_LENGTH}}),
        tf.constant(0f));
    Operation rfft = tf.scope().opBuilder("RFFT", "rfft")
        .addInput(padded.asOutput())
        .addInput(tf.constant(new int[] {MelFrontEnd.FFT_LENGTH}).asOutput())
        .setAttr("Tcomplex", DataType.DT_COMPLEX64)
        .build();
    Operation abs = tf.scope().opBuilder("ComplexAbs", "magnitude")
        .addInput(rfft.output(0))
        .setAttr("Tout", DataType.DT_FLOAT)
        .build();
    Output<?> out = abs.output(0);
    return (Output<TFloat32>) out;
  }

  /** Frames along axis 0 without end padding, as {@code tf.signal.frame}: [count, length, ...]. */
  static Operand<TFloat32> frame(Ops tf, Operand<TFloat32> signal, int length, int step) {
    Operand<TInt32> n = tf.gather(tf.shape(signal), tf.constant(0), tf.constant(0));
    Operand<TInt32> count = tf.math.add(
        tf.math.floorDiv(tf.math.sub(n, tf.constant(length)), tf.constant(step)), tf.constant(1));
    Operand<TInt32> starts = tf.reshape(
        tf.math.mul(tf.range(tf.constant(0), count, tf.constant(1)), tf.constant(step)),
        tf.constant(new int[] {-1, 1}));
    Operand<TInt32> offsets = tf.reshape(
        tf.range(tf.constant(0), tf.constant(length), tf.constant(1)), tf.constant(new int[] {1, -1}));
    return tf.gather(signal, tf.math.add(starts, offsets), tf.constant(0));
  }

  /** MobileNet-v1 body on log-mel patches [N, 96, 64] and global mean: embeddings [N, 1024]. */
  static Operand<TFloat32> embeddings(Ops tf, Operand<TFloat32> patches, YamnetWeights weights) {
    Operand<TFloat32> x = tf.expandDims(patches, tf.constant(-1));
    for (ConvLayer c : weights.convs()) {
      Operand<TFloat32> kernel = constant(tf, c.kernel(), c.kernelShape());
      List<Long> strides = List.of(1L, (long) c.stride(), (long) c.stride(), 1L);
      Operand<TFloat32> conv = c.depthwise()
          ? tf.nn.depthwiseConv2dNative(x, kernel, strides, "SAME")
          : tf.nn.conv2d(x, kernel, strides, "SAME");
      x = tf.nn.relu(tf.nn.biasAdd(conv, tf.constant(c.bias())));
    }
    return tf.math.mean(x, tf.constant(new int[] {1, 2}));
  }

  static Operand<TFloat32> scores(Ops tf, Operand<TFloat32> embeddings, YamnetWeights weights) {
    Operand<TFloat32> logits = tf.linalg.matMul(embeddings, constant(tf, weights.denseKernel(),
        YamnetModel.EMBEDDING_SIZE, YamnetModel.NUM_CLASSES));
    return tf.math.sigmoid(tf.nn.biasAdd(logits, tf.constant(weights.denseBias())));
  }

  private static Operand<TFloat32> constant(Ops tf, float[] values, int... shape) {
    long[] dims = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      dims[i] = shape[i];
    }
    return tf.constant(Shape.of(dims), DataBuffers.of(values, true, false));
  }
}
