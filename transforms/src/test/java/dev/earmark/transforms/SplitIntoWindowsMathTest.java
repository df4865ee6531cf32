package dev.earmark.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.earmark.models.yamnet.PatchGrid;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitIntoWindowsMathTest {
  @Test
  void sixtySecondWindowsOfAThirtyMinuteChunk() {
    long samples = SplitIntoWindows.samples16k(1800L * 44_100, 44_100);
    assertEquals(1800L * 16_000, samples);
    long patches = PatchGrid.patchCount(samples);
    assertEquals(3749, patches); // 1 + ceil((28,800,000 - 15,600) / 7,680)
    List<long[]> windows = SplitIntoWindows.windowRanges(patches, 125);
    assertEquals(30, windows.size());
    assertArrayEquals(new long[] {0, 125}, windows.get(0));
    assertArrayEquals(new long[] {3625, 124}, windows.get(29));
    long covered = 0;
    for (long[] w : windows) {
      assertEquals(covered, w[0]); // contiguous, no patch twice
      covered += w[1];
    }
    assertEquals(patches, covered);
  }

  @Test
  void windowSpansOverlapByPatchMinusHop() {
    List<long[]> windows = SplitIntoWindows.windowRanges(300, 125);
    long end0 = PatchGrid.spanEnd(windows.get(0)[0], windows.get(0)[1]);
    long start1 = PatchGrid.patchStart(windows.get(1)[0]);
    assertEquals(125L * 7680, start1);
    assertEquals(124L * 7680 + 15600, end0);
    assertEquals(PatchGrid.OVERLAP_SAMPLES, end0 - start1);
  }

  @Test
  void sampleCountsRoundUpAtOddRates() {
    assertEquals(16_000, SplitIntoWindows.samples16k(44_100, 44_100));
    assertEquals(1, SplitIntoWindows.samples16k(1, 44_100)); // 0.36 of a sample still needs one
    assertEquals(8, SplitIntoWindows.samples16k(22, 44_100)); // 7.98
    assertEquals(32_000, SplitIntoWindows.samples16k(16_000, 8_000));
  }

  @Test
  void shortRecordingIsOnePaddedWindow() {
    List<long[]> windows = SplitIntoWindows.windowRanges(PatchGrid.patchCount(8_000), 125);
    assertEquals(1, windows.size());
    assertArrayEquals(new long[] {0, 1}, windows.get(0));
  }
}
