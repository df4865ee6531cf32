package dev.earmark.models.yamnet;

import dev.earmark.models.yamnet.tflite.TfliteFile;
import dev.earmark.models.yamnet.tflite.TfliteOp;
import dev.earmark.models.yamnet.tflite.TfliteTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads YAMNet's weights out of a float32 or weight-only-int8 {@code .tflite} file by walking its
 * ops in order (CONV_2D, DEPTHWISE_CONV_2D, the [521, 1024] FULLY_CONNECTED), never by tensor
 * name: converters name tensors differently or not at all. Weights are dequantized and moved to TF
 * layouts. Fully integer models (int8 activations) are a different network and are rejected.
 */
public final class TfliteImporter {
  private static final Logger LOG = LoggerFactory.getLogger(TfliteImporter.class);

  private TfliteImporter() {}

  public static YamnetWeights importWeights(Path path) throws IOException {
    TfliteFile file = TfliteFile.read(path);
    List<ConvLayer> convs = new ArrayList<>();
    float[] denseKernel = null;
    float[] denseBias = null;
    for (TfliteOp op : file.ops()) {
      if (op.builtinCode() == TfliteOp.QUANTIZE) {
        throw fullyQuantized(path);
      }
      if (op.builtinCode() == TfliteOp.CONV_2D || op.builtinCode() == TfliteOp.DEPTHWISE_CONV_2D) {
        if (file.tensors().get(op.inputs()[0]).type() != TfliteTensor.FLOAT32) {
          throw fullyQuantized(path);
        }
        convs.add(conv(file, op));
      } else if (op.builtinCode() == TfliteOp.FULLY_CONNECTED) {
        TfliteTensor w = weight(file, op.inputs()[1]);
        if (Arrays.equals(w.shape(), new int[] {YamnetModel.NUM_CLASSES, YamnetModel.EMBEDDING_SIZE})) {
          if (denseKernel != null) {
            throw new IOException(path + ": more than one [521, 1024] FULLY_CONNECTED layer");
          }
          denseKernel = transpose(w.dequantize(), w.shape()[0], w.shape()[1]);
          denseBias = bias(file, op, YamnetModel.NUM_CLASSES);
        } else if (Arrays.equals(w.shape(), new int[] {MelFrontEnd.MEL_BANDS, MelFrontEnd.SPECTRUM_BINS})) {
          checkMelMatrix(path, w);
        }
      }
    }
    if (denseKernel == null) {
      throw new IOException(path + ": no FULLY_CONNECTED layer with [521, 1024] weights; not YAMNet");
    }
    try {
      return new YamnetWeights(convs, denseKernel, denseBias);
    } catch (IllegalArgumentException e) {
      throw new IOException(path + ": not a YAMNet graph: " + e.getMessage(), e);
    }
  }

  private static IOException fullyQuantized(Path path) {
    return new IOException(path + ": fully integer-quantized TFLite model (int8 activations, e.g."
        + " lite-model/yamnet/classification/tflite/1). It has different weights from the canonical"
        + " YAMNet and is not supported; use a float32 or weight-only-int8 YAMNet .tflite, or a"
        + " SavedModel directory");
  }

  private static ConvLayer conv(TfliteFile file, TfliteOp op) throws IOException {
    TfliteTensor w = weight(file, op.inputs()[1]);
    int[] s = w.shape();
    if (s.length != 4) {
      throw new IOException(file.path() + ": conv weights are not 4-D: " + w.describe());
    }
    if (op.padding() != TfliteOp.PADDING_SAME || op.strideH() != op.strideW()
        || op.fusedActivation() != TfliteOp.ACTIVATION_RELU) {
      throw new IOException(file.path() + ": conv with " + w.describe()
          + " is not SAME/square-stride/ReLU as in YAMNet");
    }
    float[] values = w.dequantize();
    boolean depthwise = op.builtinCode() == TfliteOp.DEPTHWISE_CONV_2D;
    float[] bias = bias(file, op, depthwise ? s[3] : s[0]);
    if (depthwise) {
      // TFLite 1HWC and TF HWC1 share one memory order.
      return new ConvLayer(true, new int[] {s[1], s[2], s[3], 1}, values, bias, op.strideH());
    }
    return new ConvLayer(false, new int[] {s[1], s[2], s[3], s[0]}, ohwiToHwio(values, s), bias,
        op.strideH());
  }

  /** The constant behind tensor {@code index}, looking through a DEQUANTIZE op if there is one. */
  private static TfliteTensor weight(TfliteFile file, int index) throws IOException {
    TfliteTensor t = file.tensors().get(index);
    if (t.isConstant()) {
      return t;
    }
    TfliteOp producer = file.producer(index);
    if (producer != null && producer.builtinCode() == TfliteOp.DEQUANTIZE) {
      TfliteTensor source = file.tensors().get(producer.inputs()[0]);
      if (source.isConstant()) {
        return source;
      }
    }
    throw new IOException(file.path() + ": weights are not a constant: " + t.describe());
  }

  private static float[] bias(TfliteFile file, TfliteOp op, int channels) throws IOException {
    if (op.inputs().length < 3 || op.inputs()[2] < 0) {
      return new float[channels];
    }
    float[] b = weight(file, op.inputs()[2]).dequantize();
    if (b.length != channels) {
      throw new IOException(file.path() + ": bias has " + b.length + " values, expected " + channels);
    }
    return b;
  }

  private static float[] ohwiToHwio(float[] v, int[] s) {
    int o = s[0];
    int h = s[1];
    int w = s[2];
    int in = s[3];
    float[] out = new float[v.length];
    for (int oi = 0; oi < o; oi++) {
      for (int hi = 0; hi < h; hi++) {
        for (int wi = 0; wi < w; wi++) {
          for (int ii = 0; ii < in; ii++) {
            out[((hi * w + wi) * in + ii) * o + oi] = v[((oi * h + hi) * w + wi) * in + ii];
          }
        }
      }
    }
    return out;
  }

  static float[] transpose(float[] v, int rows, int cols) {
    float[] out = new float[v.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[c * rows + r] = v[r * cols + c];
      }
    }
    return out;
  }

  /**
   * The file's mel matrix is often int8 (a lossy copy of the formula), so the graph uses the exact
   * formula; here we only prove the file was built with the same recipe.
   */
  private static void checkMelMatrix(Path path, TfliteTensor w) throws IOException {
    float[] fromFile = transpose(w.dequantize(), MelFrontEnd.MEL_BANDS, MelFrontEnd.SPECTRUM_BINS);
    float[] formula = MelFrontEnd.melMatrix();
    float maxScale = 0;
    for (float s : w.scales()) {
      maxScale = Math.max(maxScale, s);
    }
    double tolerance = w.type() == TfliteTensor.FLOAT32 ? 1e-5 : maxScale * 0.5 + 1e-6;
    double worst = 0;
    for (int i = 0; i < formula.length; i++) {
      worst = Math.max(worst, Math.abs(fromFile[i] - formula[i]));
    }
    if (worst > tolerance) {
      throw new IOException(path + ": mel matrix differs from YAMNet's recipe by " + worst);
    }
    LOG.debug("{}: mel matrix matches the formula within {}", path, worst);
  }
}
