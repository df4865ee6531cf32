package dev.earmark.transforms.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.earmark.models.yamnet.PatchGrid;
import dev.earmark.transforms.audio.Resampler16k;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a recording is cut into windows: its 16 kHz length, then PatchGrid's windows. */
class SplitIntoWindowsMathTest {
  @Test
  void sixtySecondWindowsOfAThirtyMinuteChunk() {
    long samples = Resampler16k.outputLength(44_100, 1800L * 44_100);
    assertEquals(1800L * 16_000, samples);
    long patches = PatchGrid.patchCount(samples);
    assertEquals(3749, patches); // 1 + ceil((28,800,000 - 15,600) / 7,680)
    List<PatchGrid.PatchRange> windows = PatchGrid.windows(patches, 125);
    assertEquals(30, windows.size());
    assertEquals(new PatchGrid.PatchRange(0, 125), windows.get(0));
    assertEquals(new PatchGrid.PatchRange(3625, 124), windows.get(29));
    long covered = 0;
    for (PatchGrid.PatchRange w : windows) {
      assertEquals(covered, w.first()); // contiguous, no patch twice
      covered += w.count();
    }
    assertEquals(patches, covered);
  }

  @Test
  void windowSpansOverlapByPatchMinusHop() {
    List<PatchGrid.PatchRange> windows = PatchGrid.windows(300, 125);
    long end0 = windows.get(0).endSample();
    long start1 = windows.get(1).startSample();
    assertEquals(125L * 7680, start1);
    assertEquals(124L * 7680 + 15600, end0);
    assertEquals(PatchGrid.OVERLAP_SAMPLES, end0 - start1);
  }

  @Test
  void sampleCountsRoundUpAtOddRates() {
    assertEquals(16_000, Resampler16k.outputLength(44_100, 44_100));
    assertEquals(1, Resampler16k.outputLength(44_100, 1)); // 0.36 of a sample still needs one
    assertEquals(8, Resampler16k.outputLength(44_100, 22)); // 7.98
    assertEquals(32_000, Resampler16k.outputLength(8_000, 16_000));
  }

  @Test
  void shortRecordingIsOnePaddedWindow() {
    List<PatchGrid.PatchRange> windows = PatchGrid.windows(PatchGrid.patchCount(8_000), 125);
    assertEquals(1, windows.size());
    assertEquals(new PatchGrid.PatchRange(0, 1), windows.get(0));
  }
}
