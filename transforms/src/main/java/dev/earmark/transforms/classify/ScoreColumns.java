package dev.earmark.transforms.classify;

import dev.earmark.transforms.values.TargetClass;
import java.io.Serializable;
import java.util.List;

/**
 * The score columns the pipeline keeps: those of the target classes, in their order, so a handful
 * of floats per patch cross the shuffle instead of 521.
 */
record ScoreColumns(int[] indexes) implements Serializable {
  ScoreColumns {
    indexes = indexes.clone();
  }

  static ScoreColumns of(List<TargetClass> classes) {
    return new ScoreColumns(classes.stream().mapToInt(TargetClass::index).toArray());
  }

  /** {@code scores[patch][class]} narrowed to {@code [patch][kept column]}. */
  float[][] select(float[][] scores) {
    float[][] kept = new float[scores.length][indexes.length];
    for (int p = 0; p < scores.length; p++) {
      for (int c = 0; c < indexes.length; c++) {
        kept[p][c] = scores[p][indexes[c]];
      }
    }
    return kept;
  }
}
