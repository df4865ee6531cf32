package dev.earmark.models.yamnet.tflite;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One tensor of a TFLite subgraph with its constant data (empty for activations) and its
 * quantization ({@code scales} empty when not quantized).
 */
public record TfliteTensor(
    int index,
    String name,
    int type,
    int[] shape,
    ByteBuffer data,
    float[] scales,
    long[] zeroPoints,
    int quantizedDimension) {
  public static final int FLOAT32 = 0;
  public static final int INT32 = 2;
  public static final int UINT8 = 3;
  public static final int INT8 = 9;

  public boolean isConstant() {
    return data.capacity() > 0;
  }

  public int elementCount() {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  public String describe() {
    return "tensor " + index + (name == null || name.isEmpty() ? "" : " '" + name + "'")
        + " type " + type + " shape " + Arrays.toString(shape);
  }

  /**
   * The tensor's values as float32 in its own (TFLite row-major) layout: float32 is copied,
   * int8/uint8 are dequantized per tensor or per channel along {@code quantizedDimension}.
   */
  public float[] dequantize() {
    int n = elementCount();
    float[] out = new float[n];
    ByteBuffer d = data.duplicate().order(data.order());
    if (type == FLOAT32) {
      d.asFloatBuffer().get(out);
      return out;
    }
    if (type != INT8 && type != UINT8) {
      throw new IllegalArgumentException("cannot dequantize " + describe());
    }
    if (scales.length == 0) {
      throw new IllegalArgumentException("integer weights without scales: " + describe());
    }
    int channels = scales.length;
    int inner = 1;
    if (channels > 1) {
      if (shape[quantizedDimension] != channels) {
        throw new IllegalArgumentException(
            channels + " scales do not match axis " + quantizedDimension + " of " + describe());
      }
      for (int i = quantizedDimension + 1; i < shape.length; i++) {
        inner *= shape[i];
      }
    }
    for (int i = 0; i < n; i++) {
      int c = channels == 1 ? 0 : (i / inner) % channels;
      int q = type == INT8 ? d.get(i) : Byte.toUnsignedInt(d.get(i));
      long zp = zeroPoints.length == 0 ? 0 : zeroPoints[zeroPoints.length == 1 ? 0 : c];
      out[i] = scales[c] * (q - zp);
    }
    return out;
  }
}
