package dev.earmark.transforms;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JVM-wide progress of this worker: recordings probed and the windows and audio they hold (the
 * totals), windows classified and their audio (done), recordings stitched. Counts are per JVM (per
 * TaskManager on Flink), not per job. Workers log a line at most every {@link #INTERVAL_NANOS};
 * when a console shows progress in this JVM ({@link #consoleAttached}), they stay quiet.
 */
public final class ProgressLog {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);
  private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final AtomicLong recordingsProbed = new AtomicLong();
  private static final AtomicLong windowsPlanned = new AtomicLong();
  private static final AtomicLong audioMillisPlanned = new AtomicLong();
  private static final AtomicLong windowsDone = new AtomicLong();
  private static final AtomicLong audioMillisDone = new AtomicLong();
  private static final AtomicLong recordingsStitched = new AtomicLong();
  private static final AtomicLong firstWindowNanos = new AtomicLong();
  private static final AtomicLong lastLogNanos = new AtomicLong();
  private static volatile boolean consoleAttached;
  private static volatile boolean planned;

  private ProgressLog() {}

  /** What this JVM has planned and done so far. */
  public record Snapshot(long recordingsProbed, long windowsPlanned, long audioMillisPlanned, long windowsDone,
      long audioMillisDone, long recordingsStitched, long classifyingNanos) {}

  public static Snapshot snapshot() {
    long first = firstWindowNanos.get();
    return new Snapshot(recordingsProbed.get(), windowsPlanned.get(), audioMillisPlanned.get(), windowsDone.get(),
        audioMillisDone.get(), recordingsStitched.get(), first == 0 ? 0 : System.nanoTime() - first);
  }

  /** A console in this JVM prints progress itself; workers then do not log it. */
  public static void attachConsole(boolean attached) {
    consoleAttached = attached;
  }

  /** Starts a new run's counts (one JVM may run several jobs, e.g. tests). */
  public static void reset() {
    for (AtomicLong a : new AtomicLong[] {recordingsProbed, windowsPlanned, audioMillisPlanned, windowsDone,
        audioMillisDone, recordingsStitched, firstWindowNanos, lastLogNanos}) {
      a.set(0);
    }
    planned = false;
  }

  /**
   * The run's totals, known before its jobs start (a sliced run's plan): recordings probed by the
   * jobs then no longer add to them, so the totals and the ETA cover the whole run from the start.
   */
  public static void plan(long windows, long audioMillis) {
    windowsPlanned.set(windows);
    audioMillisPlanned.set(audioMillis);
    planned = true;
  }

  public static void recordingProbed(long windows, long audioMillis) {
    recordingsProbed.incrementAndGet();
    if (!planned) {
      windowsPlanned.addAndGet(windows);
      audioMillisPlanned.addAndGet(audioMillis);
    }
  }

  public static void windowDone(long audioMillisInWindow) {
    long now = System.nanoTime();
    firstWindowNanos.compareAndSet(0, now);
    windowsDone.incrementAndGet();
    audioMillisDone.addAndGet(audioMillisInWindow);
    maybeLog(now);
  }

  public static void recordingDone() {
    recordingsStitched.incrementAndGet();
    maybeLog(System.nanoTime());
  }

  private static void maybeLog(long now) {
    if (consoleAttached) {
      return;
    }
    long last = lastLogNanos.get();
    if (last == 0) {
      lastLogNanos.compareAndSet(0, now);
      return;
    }
    if (now - last >= INTERVAL_NANOS && lastLogNanos.compareAndSet(last, now)) {
      LOG.info(summary("progress", snapshot()));
    }
  }

  /**
   * One line: "progress: 840/2735 windows (31%), 14.00/45.50 h audio, 96 recordings probed, 12
   * stitched, 344x real time, ETA 5m 10s". Totals grow while recordings are still being probed.
   */
  public static String summary(String label, Snapshot s) {
    double seconds = s.classifyingNanos() / 1e9;
    double speed = seconds > 0 ? s.audioMillisDone() / 1000.0 / seconds : 0;
    String eta = speed > 0 && s.audioMillisPlanned() > s.audioMillisDone()
        ? Durations.format((s.audioMillisPlanned() - s.audioMillisDone()) / 1000.0 / speed) : "-";
    return String.format("%s: %d/%d windows (%d%%), %.2f/%.2f h audio, %d recordings probed, %d stitched,"
            + " %.0fx real time, ETA %s",
        label, s.windowsDone(), s.windowsPlanned(), s.windowsPlanned() == 0 ? 0 : 100 * s.windowsDone() / s.windowsPlanned(),
        s.audioMillisDone() / 3_600_000.0, s.audioMillisPlanned() / 3_600_000.0, s.recordingsProbed(),
        s.recordingsStitched(), speed, eta);
  }
}
