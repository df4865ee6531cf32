package dev.earmark.transforms.values;

import java.util.Arrays;
import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * Scores of one window's patches for the target classes only: {@code scores[p][c]} is patch
 * {@code window.firstPatch() + p}, target class {@code c} (in the order the transform was
 * configured with). Carrying a handful of classes instead of 521 keeps the shuffle small.
 */
@DefaultCoder(WindowScoresCoder.class)
public record WindowScores(AudioWindow window, float[][] scores) implements Serializable {
  public WindowScores {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(scores, "scores");
    if (scores.length != window.patchCount()) {
      throw new IllegalArgumentException(
          scores.length + " score rows for " + window.patchCount() + " patches");
    }
  }

  public int classCount() {
    return scores.length == 0 ? 0 : scores[0].length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WindowScores other
        && window.equals(other.window)
        && Arrays.deepEquals(scores, other.scores);
  }

  @Override
  public int hashCode() {
    return 31 * window.hashCode() + Arrays.deepHashCode(scores);
  }

  @Override
  public String toString() {
    return "WindowScores[" + window + ", " + Arrays.deepToString(scores) + "]";
  }
}
