package dev.earmark.models.head;

import dev.earmark.models.yamnet.YamnetModel;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Trains a {@link LinearHead}: one-vs-rest logistic regression per type on standardised
 * embeddings, each type's positives and negatives weighted to equal totals (a type with 40
 * examples against 4,000 background patches still counts), with an L2 penalty, by full-batch Adam
 * in double precision. Everything runs in a fixed order, types in parallel but each on its own, so
 * the same patches give the same weights bit for bit.
 */
public final class LogisticTrainer {
  /** How hard to train: the L2 penalty per weight, the number of full-batch steps and their size. */
  public record Settings(double l2, int steps, double learningRate) {
    public static final Settings DEFAULT = new Settings(1e-2, 300, 0.01);

    public Settings {
      if (l2 < 0 || steps < 1 || !(learningRate > 0)) {
        throw new IllegalArgumentException("need l2 >= 0, steps >= 1, learningRate > 0; got " + l2 + ", " + steps
            + ", " + learningRate);
      }
    }
  }

  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;

  private final Settings settings;

  public LogisticTrainer(Settings settings) {
    this.settings = settings;
  }

  /**
   * A head for {@code types} from {@code embeddings[i]}, labelled {@code labels[i]}: the index of
   * its type, or -1 for background (a negative for every type).
   */
  public LinearHead train(List<String> types, float[][] embeddings, int[] labels) {
    int n = embeddings.length;
    if (n == 0 || labels.length != n) {
      throw new IllegalArgumentException("need one label per embedding and at least one; got " + n + " embeddings and "
          + labels.length + " labels");
    }
    int d = YamnetModel.EMBEDDING_SIZE;
    double[] mean = new double[d];
    double[] std = new double[d];
    standardisation(embeddings, mean, std);
    float[][] z = new float[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        z[i][j] = (float) ((embeddings[i][j] - mean[j]) / std[j]);
      }
    }
    float[][] weights = new float[types.size()][];
    float[] bias = new float[types.size()];
    IntStream.range(0, types.size()).parallel().forEach(t -> {
      double[] w = fitOne(z, labels, t, types.get(t));
      // Fold the standardisation in: w.(x - mean)/std + b = (w/std).x + (b - sum w*mean/std).
      float[] folded = new float[d];
      double b = w[d];
      for (int j = 0; j < d; j++) {
        folded[j] = (float) (w[j] / std[j]);
        b -= w[j] * mean[j] / std[j];
      }
      weights[t] = folded;
      bias[t] = (float) b;
    });
    return new LinearHead(types, weights, bias);
  }

  private static void standardisation(float[][] x, double[] mean, double[] std) {
    int n = x.length;
    for (float[] row : x) {
      for (int j = 0; j < mean.length; j++) {
        mean[j] += row[j];
      }
    }
    for (int j = 0; j < mean.length; j++) {
      mean[j] /= n;
    }
    for (float[] row : x) {
      for (int j = 0; j < std.length; j++) {
        double dev = row[j] - mean[j];
        std[j] += dev * dev;
      }
    }
    for (int j = 0; j < std.length; j++) {
      std[j] = Math.sqrt(std[j] / n);
      if (std[j] < 1e-6) {
        std[j] = 1; // a constant feature: nothing to scale
      }
    }
  }

  /** Weights (then the bias, at index d) of type {@code t} against everything else. */
  private double[] fitOne(float[][] z, int[] labels, int t, String name) {
    int n = z.length;
    int d = YamnetModel.EMBEDDING_SIZE;
    int positives = 0;
    for (int label : labels) {
      positives += label == t ? 1 : 0;
    }
    if (positives == 0 || positives == n) {
      throw new IllegalArgumentException("type '" + name + "' has " + positives + " positive patches of " + n
          + ": a head needs both examples of the type and others");
    }
    double positiveWeight = 0.5 / positives;
    double negativeWeight = 0.5 / (n - positives);
    double[] w = new double[d + 1];
    double[] m = new double[d + 1];
    double[] v = new double[d + 1];
    double[] grad = new double[d + 1];
    for (int step = 1; step <= settings.steps(); step++) {
      java.util.Arrays.fill(grad, 0);
      for (int i = 0; i < n; i++) {
        float[] row = z[i];
        double s = w[d];
        for (int j = 0; j < d; j++) {
          s += w[j] * row[j];
        }
        boolean positive = labels[i] == t;
        double g = (LinearHead.sigmoid(s) - (positive ? 1 : 0)) * (positive ? positiveWeight : negativeWeight);
        for (int j = 0; j < d; j++) {
          grad[j] += g * row[j];
        }
        grad[d] += g;
      }
      for (int j = 0; j < d; j++) {
        grad[j] += settings.l2() * w[j];
      }
      double correction1 = 1 - Math.pow(BETA1, step);
      double correction2 = 1 - Math.pow(BETA2, step);
      for (int j = 0; j <= d; j++) {
        m[j] = BETA1 * m[j] + (1 - BETA1) * grad[j];
        v[j] = BETA2 * v[j] + (1 - BETA2) * grad[j] * grad[j];
        w[j] -= settings.learningRate() * (m[j] / correction1) / (Math.sqrt(v[j] / correction2) + EPSILON);
      }
    }
    return w;
  }
}
