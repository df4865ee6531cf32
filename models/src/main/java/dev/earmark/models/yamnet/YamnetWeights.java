package dev.earmark.models.yamnet;

import java.util.List;

/**
 * All YAMNet weights in TF layouts: 27 convolutions (layer1 conv, then depthwise and pointwise of
 * layers 2..14), the dense head {@code [1024, 521]} (row-major, in x out) and its bias.
 */
public record YamnetWeights(List<ConvLayer> convs, float[] denseKernel, float[] denseBias) {
  /** Channels of layers 1..14 and the stride of each layer's first conv (manifest in derived/). */
  static final int[] CHANNELS = {32, 64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024};
  static final int[] STRIDES = {2, 1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1};
  public static final int CONV_COUNT = 1 + 2 * 13;

  public YamnetWeights {
    convs = List.copyOf(convs);
    if (convs.size() != CONV_COUNT) {
      throw new IllegalArgumentException("YAMNet has " + CONV_COUNT + " convolutions, got " + convs.size());
    }
    int in = 1;
    for (int i = 0; i < convs.size(); i++) {
      ConvLayer c = convs.get(i);
      int layer = (i + 1) / 2; // 0-based layer index
      boolean wantDepthwise = i > 0 && i % 2 == 1;
      int wantStride = (i == 0 || wantDepthwise) ? STRIDES[layer] : 1;
      int wantOut = wantDepthwise ? in : CHANNELS[layer];
      int k = (i == 0 || wantDepthwise) ? 3 : 1;
      if (c.depthwise() != wantDepthwise || c.inChannels() != in || c.outChannels() != wantOut
          || c.stride() != wantStride || c.kernelShape()[0] != k || c.kernelShape()[1] != k) {
        throw new IllegalArgumentException("convolution " + i + " (layer " + (layer + 1)
            + ") does not match YAMNet: depthwise=" + c.depthwise() + " in=" + c.inChannels()
            + " out=" + c.outChannels() + " stride=" + c.stride() + " kernel " + c.kernelShape()[0]
            + "x" + c.kernelShape()[1]);
      }
      in = wantOut;
    }
    if (denseKernel.length != YamnetModel.EMBEDDING_SIZE * YamnetModel.NUM_CLASSES
        || denseBias.length != YamnetModel.NUM_CLASSES) {
      throw new IllegalArgumentException("dense head must be [1024, 521] + [521]");
    }
  }
}
