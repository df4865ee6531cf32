package dev.earmark.models.yamnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PatchGridTest {
  @Test
  void patchCountPadsLikeUpstream() {
    assertEquals(1, PatchGrid.patchCount(0));
    assertEquals(1, PatchGrid.patchCount(15_600));
    assertEquals(2, PatchGrid.patchCount(15_601));
    assertEquals(6, PatchGrid.patchCount(48_000), "3 s clip");
    assertEquals(15_600 + 7_680 * 5, PatchGrid.spanSamples(6));
  }

  @Test
  void windowsCoverEveryPatchOnceAndOverlapByPatchMinusHop() {
    long total = 5 * 60 * 16_000L;
    int ppw = PatchGrid.patchesPerWindow(60);
    assertEquals(125, ppw);
    long next = 0;
    PatchGrid.PatchRange previous = null;
    for (PatchGrid.PatchRange r : PatchGrid.windows(PatchGrid.patchCount(total), ppw)) {
      assertEquals(next, r.first());
      next += r.count();
      if (previous != null) {
        assertEquals(PatchGrid.OVERLAP_SAMPLES, previous.endSample() - r.startSample());
      }
      // A caller holding exactly the window's samples (clipped to the file) gets exactly its patches.
      assertEquals(r, PatchGrid.patchesWithin(r.startSample(), Math.min(total, r.endSample()), total));
      previous = r;
    }
    assertEquals(PatchGrid.patchCount(total), next);
    assertThrows(IllegalArgumentException.class, () -> PatchGrid.windows(10, 0));
  }

  @Test
  void patchesWithinArbitraryRanges() {
    long total = 100_000;
    assertEquals(new PatchGrid.PatchRange(0, 0), PatchGrid.patchesWithin(0, 15_599, total));
    assertEquals(new PatchGrid.PatchRange(0, 1), PatchGrid.patchesWithin(0, 15_600, total));
    assertEquals(new PatchGrid.PatchRange(1, 1), PatchGrid.patchesWithin(1, 15_600 + 7_680, total));
    // Reaching the end of the file includes the zero-padded tail patches.
    assertEquals(PatchGrid.patchCount(total) - 2,
        PatchGrid.patchesWithin(2 * 7_680, total, total).count());
  }
}
