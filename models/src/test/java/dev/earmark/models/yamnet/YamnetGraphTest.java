package dev.earmark.models.yamnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The graph's framing and upstream padding on tiny inputs vs hand-computed numbers. */
class YamnetGraphTest {
  private static float[][] run(java.util.function.Function<Ops, Operand<TFloat32>> build) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Operand<TFloat32> out = build.apply(Ops.create(g));
      try (Result r = s.runner().fetch(out).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        if (t.shape().numDimensions() == 1) {
          return new float[][] {StdArrays.array1dCopyOf(t)};
        }
        return StdArrays.array2dCopyOf(t);
      }
    }
  }

  @Test
  void frameTakesWholeFramesWithoutEndPadding() {
    float[][] frames = run(tf -> YamnetGraph.frame(tf, tf.constant(new float[] {0, 1, 2, 3, 4, 5, 6}), 3, 2));
    assertArrayEquals(new float[][] {{0, 1, 2}, {2, 3, 4}, {4, 5, 6}}, frames);
  }

  @Test
  void padLikeUpstreamReachesThePatchGrid() {
    for (int n : new int[] {0, 100, 15_600, 15_601, 23_280, 23_281}) {
      float[] x = new float[n];
      java.util.Arrays.fill(x, 1f);
      float[] padded = run(tf -> YamnetGraph.padLikeUpstream(tf, tf.constant(x)))[0];
      long patches = PatchGrid.patchCount(n);
      assertEquals(PatchGrid.spanSamples((int) patches), padded.length, "length for n=" + n);
      for (int i = 0; i < padded.length; i++) {
        assertEquals(i < n ? 1f : 0f, padded[i], "sample " + i + " for n=" + n);
      }
    }
  }
}
