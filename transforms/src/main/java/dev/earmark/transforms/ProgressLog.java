package dev.earmark.transforms;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JVM-wide progress of this worker: windows classified, recordings stitched, audio hours done and
 * the speed in × real time, logged at most every {@link #INTERVAL_NANOS} by whichever thread
 * reports. Counts are per JVM (per TaskManager on Flink), not per job.
 */
public final class ProgressLog {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);
  private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final AtomicLong windows = new AtomicLong();
  private static final AtomicLong recordings = new AtomicLong();
  private static final AtomicLong audioMillis = new AtomicLong();
  private static final AtomicLong startNanos = new AtomicLong();
  private static final AtomicLong lastLogNanos = new AtomicLong();

  private ProgressLog() {}

  static void windowDone(long audioMillisInWindow) {
    long now = System.nanoTime();
    startNanos.compareAndSet(0, now);
    windows.incrementAndGet();
    audioMillis.addAndGet(audioMillisInWindow);
    maybeLog(now);
  }

  static void recordingDone() {
    recordings.incrementAndGet();
    maybeLog(System.nanoTime());
  }

  private static void maybeLog(long now) {
    long last = lastLogNanos.get();
    if (last == 0) {
      lastLogNanos.compareAndSet(0, now);
      return;
    }
    if (now - last >= INTERVAL_NANOS && lastLogNanos.compareAndSet(last, now)) {
      LOG.info(summary(now));
    }
  }

  /** One line: "progress: 3 recordings, 42 windows, 0.70 h audio, 35.2x real time". */
  public static String summary() {
    return summary(System.nanoTime());
  }

  private static String summary(long now) {
    double hours = audioMillis.get() / 3_600_000.0;
    long start = startNanos.get();
    double wallSeconds = start == 0 ? 0 : (now - start) / 1e9;
    double speed = wallSeconds > 0 ? audioMillis.get() / 1000.0 / wallSeconds : 0;
    return String.format("progress: %d recordings stitched, %d windows classified, %.2f h audio, %.1fx real time",
        recordings.get(), windows.get(), hours, speed);
  }
}
