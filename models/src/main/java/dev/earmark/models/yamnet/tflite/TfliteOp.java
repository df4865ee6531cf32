package dev.earmark.models.yamnet.tflite;

/**
 * One operator of a TFLite subgraph. Stride/padding/activation come from Conv2DOptions or
 * DepthwiseConv2DOptions and are 0 for other ops. {@code padding}: 0 = SAME, 1 = VALID.
 */
public record TfliteOp(
    int builtinCode,
    int[] inputs,
    int[] outputs,
    int strideH,
    int strideW,
    int padding,
    int fusedActivation) {
  public static final int CONV_2D = 3;
  public static final int DEPTHWISE_CONV_2D = 4;
  public static final int DEQUANTIZE = 6;
  public static final int FULLY_CONNECTED = 9;
  public static final int QUANTIZE = 114;
  public static final int PADDING_SAME = 0;
  public static final int ACTIVATION_NONE = 0;
  public static final int ACTIVATION_RELU = 1;
}
