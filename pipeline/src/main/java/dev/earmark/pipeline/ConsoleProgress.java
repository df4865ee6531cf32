package dev.earmark.pipeline;

import dev.earmark.models.system.ProcessMemory;
import dev.earmark.pipeline.slices.RunPlanner;
import dev.earmark.transforms.ProgressLog;
import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a run's progress while it works, for runners that work in this JVM (the DirectRunner, an
 * embedded Flink): on a terminal one line rewritten in place every second, otherwise a log line
 * every 10 s. Before the first window it says what it is waiting for, so a long probe or model
 * load does not look like a stall.
 */
final class ConsoleProgress implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleProgress.class);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "earmark-progress");
    t.setDaemon(true);
    return t;
  });
  private final PrintStream terminal;
  private int lastWidth;
  private volatile RunPlanner.Progress planning;
  private volatile String slice;

  /** {@code terminal}: where to rewrite the line in place, or null to log lines. */
  private ConsoleProgress(PrintStream terminal) {
    this.terminal = terminal;
  }

  static ConsoleProgress start() {
    ProgressLog.reset();
    ProgressLog.attachConsole(true);
    ConsoleProgress progress = new ConsoleProgress(System.console() != null ? System.err : null);
    long period = progress.terminal != null ? 1 : 10;
    progress.timer.scheduleAtFixedRate(progress::show, period, period, TimeUnit.SECONDS);
    return progress;
  }

  /** While the launcher plans the run's slices: rows listed and recordings probed. */
  void planning(RunPlanner.Progress progress) {
    this.planning = progress;
  }

  /** The job of a sliced run now running, e.g. "slice 3/22", shown before the line. */
  void slice(String label) {
    this.slice = label;
  }

  /** The line shown now: planning, else the jobs' progress, with the slice when the run has several. */
  String line(ProgressLog.Snapshot s, long rssBytes) {
    RunPlanner.Progress p = planning;
    if (slice == null && p != null) {
      return String.format("planning: %d recordings listed, %d probed%s", p.listed(), p.probed(),
          rssBytes > 0 ? ", RSS " + (rssBytes >> 20) + " MB" : "");
    }
    return (slice == null ? "" : slice + ": ") + jobLine(s, rssBytes);
  }

  /** The progress line with this JVM's RSS; the phase comes from what is done so far. */
  static String jobLine(ProgressLog.Snapshot s, long rssBytes) {
    String rss = rssBytes > 0 ? ", RSS " + (rssBytes >> 20) + " MB" : "";
    if (s.windowsDone() == 0) {
      return String.format("starting: %d recordings probed (%d windows, %.2f h audio), loading the model%s",
          s.recordingsProbed(), s.windowsPlanned(), s.audioMillisPlanned() / 3_600_000.0, rss);
    }
    if (s.windowsDone() < s.windowsPlanned()) {
      return ProgressLog.summary("classifying", s) + rss;
    }
    return String.format("writing events and clips: %d/%d recordings stitched, all %d windows classified%s",
        s.recordingsStitched(), s.recordingsProbed(), s.windowsDone(), rss);
  }

  private synchronized void show() {
    String text = line(ProgressLog.snapshot(), ProcessMemory.read().rssBytes());
    if (terminal == null) {
      LOG.info(text);
      return;
    }
    // Pad over the previous line's tail; \r returns to the start of the line.
    terminal.print("\r" + text + " ".repeat(Math.max(0, lastWidth - text.length())));
    terminal.flush();
    lastWidth = text.length();
  }

  @Override
  public synchronized void close() {
    timer.shutdownNow();
    ProgressLog.attachConsole(false);
    if (terminal != null && lastWidth > 0) {
      terminal.print("\r" + " ".repeat(lastWidth) + "\r");
      terminal.flush();
    }
  }
}
