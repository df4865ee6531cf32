package dev.earmark.models.yamnet;

/**
 * A straightforward Java YAMNet for one patch (no TF): conv/depthwise with TF SAME padding, ReLU,
 * global mean, dense, sigmoid. Slow and simple on purpose: it is the independent second path.
 */
final class PlainJavaYamnet {
  private final YamnetWeights w;

  PlainJavaYamnet(YamnetWeights w) {
    this.w = w;
  }

  /** Scores [521] of one log-mel patch [96 * 64]. */
  float[] scores(float[] patch) {
    int h = MelFrontEnd.PATCH_FRAMES;
    int wd = MelFrontEnd.MEL_BANDS;
    int c = 1;
    double[] x = new double[patch.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = patch[i];
    }
    for (ConvLayer layer : w.convs()) {
      int k = layer.kernelShape()[0];
      int s = layer.stride();
      int oh = (h + s - 1) / s;
      int ow = (wd + s - 1) / s;
      int padTop = Math.max((oh - 1) * s + k - h, 0) / 2;
      int padLeft = Math.max((ow - 1) * s + k - wd, 0) / 2;
      int oc = layer.outChannels();
      double[] y = new double[oh * ow * oc];
      float[] ker = layer.kernel();
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          for (int ky = 0; ky < k; ky++) {
            int iy = oy * s + ky - padTop;
            if (iy < 0 || iy >= h) {
              continue;
            }
            for (int kx = 0; kx < k; kx++) {
              int ix = ox * s + kx - padLeft;
              if (ix < 0 || ix >= wd) {
                continue;
              }
              int in = (iy * wd + ix) * c;
              int out = (oy * ow + ox) * oc;
              if (layer.depthwise()) {
                for (int ch = 0; ch < c; ch++) {
                  y[out + ch] += x[in + ch] * ker[(ky * k + kx) * c + ch];
                }
              } else {
                for (int ci = 0; ci < c; ci++) {
                  double v = x[in + ci];
                  int kb = ((ky * k + kx) * c + ci) * oc;
                  for (int co = 0; co < oc; co++) {
                    y[out + co] += v * ker[kb + co];
                  }
                }
              }
            }
          }
        }
      }
      for (int i = 0; i < y.length; i++) {
        y[i] = Math.max(0, y[i] + layer.bias()[i % oc]);
      }
      x = y;
      h = oh;
      wd = ow;
      c = oc;
    }
    double[] emb = new double[c];
    for (int i = 0; i < x.length; i++) {
      emb[i % c] += x[i] / (h * wd);
    }
    float[] scores = new float[YamnetModel.NUM_CLASSES];
    for (int o = 0; o < scores.length; o++) {
      double sum = w.denseBias()[o];
      for (int i = 0; i < c; i++) {
        sum += emb[i] * w.denseKernel()[i * scores.length + o];
      }
      scores[o] = (float) (1 / (1 + Math.exp(-sum)));
    }
    return scores;
  }
}
