package dev.earmark.models.head;

import dev.earmark.models.yamnet.YamnetModel;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A classifier head on YAMNet's 1024-value patch embeddings: one logistic output per type,
 * {@code sigmoid(weights[t] . embedding + bias[t])}, a score from 0 to 1 like YAMNet's own classes.
 * Feature scaling learnt in training is folded into the weights, so applying the head is one dot
 * product per type and patch (about 1% of a patch's inference).
 */
public record LinearHead(List<String> types, float[][] weights, float[] bias) implements Serializable {
  public LinearHead {
    types = List.copyOf(types);
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(bias, "bias");
    if (types.isEmpty()) {
      throw new IllegalArgumentException("a head needs at least one type");
    }
    if (weights.length != types.size() || bias.length != types.size()) {
      throw new IllegalArgumentException("a head of " + types.size() + " types needs as many weight rows and biases, got "
          + weights.length + " and " + bias.length);
    }
    for (int t = 0; t < weights.length; t++) {
      if (weights[t].length != YamnetModel.EMBEDDING_SIZE) {
        throw new IllegalArgumentException("type '" + types.get(t) + "' has " + weights[t].length + " weights, want "
            + YamnetModel.EMBEDDING_SIZE);
      }
      for (float w : weights[t]) {
        if (!Float.isFinite(w)) {
          throw new IllegalArgumentException("type '" + types.get(t) + "' has a weight that is not a finite number");
        }
      }
      if (!Float.isFinite(bias[t])) {
        throw new IllegalArgumentException("type '" + types.get(t) + "' has a bias that is not a finite number");
      }
    }
  }

  /** The index of {@code type} among the head's outputs, or -1. */
  public int indexOf(String type) {
    return types.indexOf(type);
  }

  /** {@code [patch][type]} scores of {@code embeddings[patch][1024]}. */
  public float[][] apply(float[][] embeddings) {
    float[][] scores = new float[embeddings.length][types.size()];
    for (int p = 0; p < embeddings.length; p++) {
      for (int t = 0; t < weights.length; t++) {
        scores[p][t] = score(t, embeddings[p]);
      }
    }
    return scores;
  }

  /** Type {@code t}'s score of one embedding. */
  public float score(int t, float[] embedding) {
    float[] w = weights[t];
    double z = bias[t];
    for (int i = 0; i < w.length; i++) {
      z += w[i] * embedding[i];
    }
    return (float) sigmoid(z);
  }

  static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }
}
