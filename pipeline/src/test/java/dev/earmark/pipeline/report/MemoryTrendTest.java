package dev.earmark.pipeline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.earmark.transforms.values.MemoryMetrics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A climb shows as RSS per hour and a rising heap floor; a flat run as ~0 and 1.00x. */
class MemoryTrendTest {
  private static final long MB = 1L << 20;

  /** {@code n} windows over an hour; RSS rises by {@code rssPerHourMb}, the heap floor by {@code heapRiseMb} in all. */
  private static List<MemoryMetrics> run(int n, long rssPerHourMb, long heapRiseMb) {
    List<MemoryMetrics> records = new ArrayList<>();
    long t0 = 1_796_000_000_000L;
    for (int i = 0; i < n; i++) {
      double f = (double) i / (n - 1);
      long heapAfter = (40 + Math.round(heapRiseMb * f)) * MB + (i % 3) * 20 * MB; // sawtooth over a floor
      long rss = 700 * MB + Math.round(rssPerHourMb * f) * MB;
      records.add(new MemoryMetrics("run", "h:1", "t", "u", "/a.ogg", 0, i, 0, 125, 0, 1, heapAfter, 64 * MB,
          heapAfter, 64 * MB, 0, 0, rss, rss, rss - 230 * MB, 230 * MB, 30, 240, 1, t0 + Math.round(f * 3_600_000)));
    }
    return records;
  }

  @Test
  void aFlatRunIsFlat() {
    MemoryTrend t = MemoryTrend.of(run(200, 0, 0));
    assertEquals(0, t.rssBytesPerHour() / MB, 0.5);
    assertEquals(40 * MB, t.firstTenthHeapFloor());
    assertEquals(1.0, t.heapFloorRatio(), 1e-9);
  }

  @Test
  void aClimbShowsInBoth() {
    MemoryTrend t = MemoryTrend.of(run(200, 90, 100));
    assertEquals(90, t.rssBytesPerHour() / MB, 2);
    assertEquals((40 + 90) / 40.0, t.heapFloorRatio(), 0.05); // the last tenth starts at 90% of the climb
  }

  @Test
  void tooFewWindowsSayNothing() {
    assertNull(MemoryTrend.of(run(MemoryTrend.MIN_WINDOWS - 1, 90, 100)));
  }
}
