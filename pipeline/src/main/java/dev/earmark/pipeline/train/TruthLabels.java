package dev.earmark.pipeline.train;

import dev.earmark.models.yamnet.PatchGrid;
import dev.earmark.pipeline.evaluate.TruthRow;
import java.util.List;

/**
 * Labels the patches of a long recording from its truth table ({@code evaluate}'s format): a patch
 * whose middle lies inside a row of one of the head's types is an example of it; a patch at least
 * {@value #CLEAR_SECONDS} s from every row is a negative (a night's real room tone, machines and
 * pets: the hard negatives isolated clips lack); anything between, or on a row of a label the head
 * does not learn, is left out.
 */
final class TruthLabels {
  static final double CLEAR_SECONDS = 2.0;
  /** Neither an example nor a negative. */
  static final int LEFT_OUT = -2;

  private TruthLabels() {}

  /** Patch {@code patch}'s label: the index of its type in {@code types}, -1 (negative) or {@link #LEFT_OUT}. */
  static int label(long patch, List<TruthRow> rows, List<String> types) {
    double start = PatchGrid.patchStart(patch) / (double) PatchGrid.SAMPLE_RATE;
    double end = start + PatchGrid.PATCH_SAMPLES / (double) PatchGrid.SAMPLE_RATE;
    double middle = (start + end) / 2;
    boolean near = false;
    for (TruthRow row : rows) {
      if (middle >= row.startSeconds() && middle <= row.endSeconds()) {
        int type = types.indexOf(row.label());
        return type >= 0 ? type : LEFT_OUT;
      }
      near |= end > row.startSeconds() - CLEAR_SECONDS && start < row.endSeconds() + CLEAR_SECONDS;
    }
    return near ? LEFT_OUT : -1;
  }
}
