package dev.earmark.pipeline.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One user's night as its outputs tell it: the recordings (chunks) of the night with what became
 * of each (finished in this run, finished before and skipped, or a dead letter), and the events of
 * the finished ones in time order. The night is the UTC start date of its recordings, as for the
 * events tables.
 */
record Night(String user, String day, List<Chunk> chunks, List<NightEvent> events) {
  Night {
    chunks = List.copyOf(chunks);
    events = List.copyOf(events);
  }

  /** What became of a recording. */
  enum Status {
    /** Finished by the run that writes the page. */
    THIS_RUN,
    /** Finished by an earlier run with the same settings, so this run skipped it (resume). */
    EARLIER,
    /** Finished; when is not known (the page is written for no particular run). */
    FINISHED,
    /** Its audio failed: a dead letter and no events. */
    DEAD_LETTER
  }

  /**
   * A recording: {@code seconds} is NaN when its length is unknown (no {@code duration_s}, and the
   * input could not be probed); {@code error} and {@code message} only for a dead letter, with
   * the run that wrote it.
   */
  record Chunk(String uri, Instant start, double seconds, Status status, int events, String error, String message,
      String runId) {
    boolean lengthKnown() {
      return Double.isFinite(seconds);
    }

    Instant end() {
      return lengthKnown() ? start.plusMillis(Math.round(seconds * 1000)) : start;
    }
  }

  /** One event row; {@code clip} is the clip's file name (clips/<user>/<day>/<clip>), or null. */
  record NightEvent(Instant start, Instant end, String type, String label, double peak, double mean, String clip) {
    double seconds() {
      return Duration.between(start, end).toMillis() / 1000.0;
    }
  }

  boolean finishedAny() {
    return chunks.stream().anyMatch(c -> c.status() != Status.DEAD_LETTER);
  }

  long deadLetters() {
    return chunks.stream().filter(c -> c.status() == Status.DEAD_LETTER).count();
  }

  /** Seconds of audio of the finished recordings whose length is known. */
  double audioSeconds() {
    return chunks.stream().filter(c -> c.status() != Status.DEAD_LETTER && c.lengthKnown())
        .mapToDouble(Chunk::seconds).sum();
  }
}
