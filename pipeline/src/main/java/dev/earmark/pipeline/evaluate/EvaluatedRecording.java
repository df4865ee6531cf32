package dev.earmark.pipeline.evaluate;

import java.util.List;

/** A recording that has a truth table: its length, what was put in it, and what the run found in it. */
public record EvaluatedRecording(String uri, double durationSeconds, List<TruthRow> truth, List<Detection> detections) {
  public EvaluatedRecording {
    truth = List.copyOf(truth);
    detections = List.copyOf(detections);
  }

  public boolean eventFree() {
    return truth.isEmpty();
  }
}
