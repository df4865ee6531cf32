package dev.earmark.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import dev.earmark.transforms.ProgressLog;
import org.junit.jupiter.api.Test;

/** The progress line says which phase the run is in, with totals and an ETA while classifying. */
class ConsoleProgressTest {
  private static final long HOUR_MS = 3_600_000L;

  @Test
  void beforeTheFirstWindowItSaysWhatItIsWaitingFor() {
    String line = ConsoleProgress.jobLine(new ProgressLog.Snapshot(96, 2735, 45 * HOUR_MS, 0, 0, 0, 0), 700L << 20);
    assertThat(line, startsWith("starting: 96 recordings probed (2735 windows, 45.00 h audio)"));
    assertThat(line, containsString("RSS 700 MB"));
  }

  @Test
  void whileClassifyingItGivesDoneOverTotalSpeedAndEta() {
    // 10 h of 40 h done in 100 s: 360x real time, 30 h left = 300 s.
    String line = ConsoleProgress.jobLine(
        new ProgressLog.Snapshot(96, 2400, 40 * HOUR_MS, 600, 10 * HOUR_MS, 0, 100_000_000_000L), 800L << 20);
    assertThat(line, startsWith("classifying: 600/2400 windows (25%), 10.00/40.00 h audio, 96 recordings probed"));
    assertThat(line, containsString("360x real time, ETA 5m 00s, RSS 800 MB"));
  }

  @Test
  void afterTheLastWindowItCountsRecordingsNotWindows() {
    String line = ConsoleProgress.jobLine(
        new ProgressLog.Snapshot(96, 2400, 40 * HOUR_MS, 2400, 40 * HOUR_MS, 12, 400_000_000_000L), -1);
    assertThat(line, startsWith("writing events and clips: 12/96 recordings stitched, all 2400 windows classified"));
  }
}
