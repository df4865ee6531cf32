package dev.earmark.pipeline.evaluate;

import java.util.List;

/**
 * What {@link Evaluation} measured: per-class figures, and the false events split into those on
 * event-free recordings and those in gaps (farther than the gap from any truth row) elsewhere.
 */
public record EvaluationResult(
    List<ClassFigures> classes,
    ClassFigures all,
    int recordings,
    int eventFreeRecordings,
    double hoursEvaluated,
    double eventFreeHours,
    double gapHours,
    int eventFreeEvents,
    int gapFalseEvents,
    double padSeconds,
    double gapSeconds) {
  public EvaluationResult {
    classes = List.copyOf(classes);
  }

  /** False events per hour over event-free recordings and gaps together. */
  public double falsePerHour() {
    double hours = eventFreeHours + gapHours;
    return hours == 0 ? Double.NaN : (eventFreeEvents + gapFalseEvents) / hours;
  }

  /** False events per hour in the gaps of recordings that have events. */
  public double gapFalsePerHour() {
    return gapHours == 0 ? Double.NaN : gapFalseEvents / gapHours;
  }

  public double falsePerHour(ClassFigures c) {
    double hours = eventFreeHours + gapHours;
    return hours == 0 ? Double.NaN : c.falseEvents() / hours;
  }
}
