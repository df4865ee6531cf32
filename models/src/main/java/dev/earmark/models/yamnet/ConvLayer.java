package dev.earmark.models.yamnet;

/**
 * One convolution of YAMNet's MobileNet-v1 body with batch norm folded in: kernel in TF layout
 * (HWIO for {@code Conv2D}, HWC1 for {@code DepthwiseConv2dNative}), bias per output channel,
 * SAME padding and ReLU after the bias.
 */
public record ConvLayer(boolean depthwise, int[] kernelShape, float[] kernel, float[] bias, int stride) {
  public ConvLayer {
    if (kernelShape.length != 4) {
      throw new IllegalArgumentException("kernel must be 4-D");
    }
    long n = (long) kernelShape[0] * kernelShape[1] * kernelShape[2] * kernelShape[3];
    if (n != kernel.length) {
      throw new IllegalArgumentException("kernel has " + kernel.length + " values, shape needs " + n);
    }
    int out = depthwise ? kernelShape[2] : kernelShape[3];
    if (bias.length != out) {
      throw new IllegalArgumentException("bias has " + bias.length + " values, need " + out);
    }
  }

  public int inChannels() {
    return kernelShape[2];
  }

  public int outChannels() {
    return depthwise ? kernelShape[2] : kernelShape[3];
  }
}
