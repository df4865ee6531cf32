package dev.earmark.transforms.classify;

import dev.earmark.models.head.LinearHead;
import dev.earmark.transforms.values.TargetClass;
import java.io.Serializable;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The score columns the pipeline keeps: those of the target classes, in their order, so a handful
 * of floats per patch cross the shuffle instead of 521. A column may be an output of the run's
 * head; only then are embeddings asked of the model ({@link #needsEmbeddings}).
 */
record ScoreColumns(int[] indexes, @Nullable LinearHead head) implements Serializable {
  ScoreColumns {
    indexes = indexes.clone();
  }

  /**
   * The columns of {@code classes}; {@code head} is the run's head, or null. A head output with no
   * head, or past its outputs, fails here, before the job starts.
   */
  static ScoreColumns of(List<TargetClass> classes, @Nullable LinearHead head) {
    boolean usesHead = false;
    for (TargetClass c : classes) {
      if (c.isHeadOutput()) {
        if (head == null || c.headOutput() >= head.types().size()) {
          throw new IllegalArgumentException(c.displayName() + " reads head output " + c.headOutput() + ", but the run's "
              + (head == null ? "has no head" : "head has " + head.types().size() + " outputs"));
        }
        usesHead = true;
      }
    }
    return new ScoreColumns(classes.stream().mapToInt(TargetClass::index).toArray(), usesHead ? head : null);
  }

  boolean needsEmbeddings() {
    return head != null;
  }

  /**
   * {@code scores[patch][class]} (and, when the head is used, {@code embeddings[patch][1024]})
   * narrowed to {@code [patch][kept column]}.
   */
  float[][] select(float[][] scores, float @Nullable [][] embeddings) {
    float[][] kept = new float[scores.length][indexes.length];
    for (int p = 0; p < scores.length; p++) {
      for (int c = 0; c < indexes.length; c++) {
        int index = indexes[c];
        kept[p][c] = index < scores[p].length ? scores[p][index]
            : head.score(index - scores[p].length, embeddings[p]);
      }
    }
    return kept;
  }
}
