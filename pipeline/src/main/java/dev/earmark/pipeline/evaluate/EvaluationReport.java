package dev.earmark.pipeline.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints an {@link EvaluationResult} as a table and writes it as JSON; also says whether the goals are met. */
public final class EvaluationReport {
  private EvaluationReport() {}

  public static String table(EvaluationResult r) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%d recordings (%d without events), %.2f h; truth padded by %.1f s, "
            + "false events counted %.1f s or more from any truth row (%.2f h)%n%n", r.recordings(),
        r.eventFreeRecordings(), r.hoursEvaluated(), r.padSeconds(), r.gapSeconds(), r.eventFreeHours() + r.gapHours()));
    String format = "%-22s %7s %10s %12s %11s %10s %10s %7s %8s%n";
    out.append(String.format(Locale.ROOT, format, "class", "truth", "recall", "normal/loud", "faint",
        "detections", "precision", "false", "false/h"));
    List<ClassFigures> rows = new ArrayList<>(r.classes());
    rows.add(r.all());
    for (ClassFigures c : rows) {
      out.append(String.format(Locale.ROOT, format, c.name(), c.truth(), frac(c.found(), c.truth()),
          frac(c.normalFound(), c.normalTruth()), frac(c.faintFound(), c.faintTruth()), c.detections(),
          num(c.precision()), c.falseEvents(), num(r.falsePerHour(c))));
    }
    out.append(String.format(Locale.ROOT, "%nevents on recordings without events: %d; false events in gaps: %d in %.2f h "
        + "(%s per hour)%n", r.eventFreeEvents(), r.gapFalseEvents(), r.gapHours(), num(r.gapFalsePerHour())));
    List<String> confused = new ArrayList<>();
    for (ClassFigures c : r.classes()) {
      if (!c.onOtherClasses().isEmpty()) {
        List<String> parts = new ArrayList<>();
        c.onOtherClasses().forEach((label, n) -> parts.add(label + " " + n));
        confused.add("  " + c.name() + " on " + String.join(", ", parts));
      }
    }
    if (!confused.isEmpty()) {
      out.append("detections on another class's truth rows (neither matched nor false):").append(System.lineSeparator());
      confused.forEach(line -> out.append(line).append(System.lineSeparator()));
    }
    return out.toString();
  }

  /** The goals missed (empty: all met): normal/loud recall per class, no events without events, false/h in gaps. */
  public static List<String> missedGoals(EvaluationResult r, double minRecall, double maxFalsePerHour) {
    List<String> missed = new ArrayList<>();
    for (ClassFigures c : r.classes()) {
      if (c.normalTruth() > 0 && c.normalRecall() < minRecall) {
        missed.add(String.format(Locale.ROOT, "%s: normal/loud recall %.3f < %.3f", c.name(), c.normalRecall(), minRecall));
      }
    }
    if (r.eventFreeEvents() > 0) {
      missed.add(r.eventFreeEvents() + " events on recordings without events");
    }
    if (r.gapHours() > 0 && r.gapFalsePerHour() > maxFalsePerHour) {
      missed.add(String.format(Locale.ROOT, "%.3f false events per hour in gaps > %.3f", r.gapFalsePerHour(), maxFalsePerHour));
    }
    return missed;
  }

  public static String json(EvaluationResult r, List<String> missedGoals) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("recordings", r.recordings());
    root.put("recordings_without_events", r.eventFreeRecordings());
    root.put("hours", round(r.hoursEvaluated()));
    root.put("pad_s", r.padSeconds());
    root.put("gap_s", r.gapSeconds());
    root.put("hours_without_events", round(r.eventFreeHours()));
    root.put("gap_hours", round(r.gapHours()));
    root.put("events_on_recordings_without_events", r.eventFreeEvents());
    root.put("false_events_in_gaps", r.gapFalseEvents());
    root.put("false_per_hour", round(r.falsePerHour()));
    root.put("false_per_hour_in_gaps", round(r.gapFalsePerHour()));
    List<Map<String, Object>> classes = new ArrayList<>();
    r.classes().forEach(c -> classes.add(row(r, c)));
    root.put("classes", classes);
    root.put("all", row(r, r.all()));
    root.put("goals_met", missedGoals.isEmpty());
    root.put("missed_goals", missedGoals);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> row(EvaluationResult r, ClassFigures c) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("class", c.name());
    row.put("truth", c.truth());
    row.put("found", c.found());
    row.put("recall", round(c.recall()));
    row.put("normal_loud_truth", c.normalTruth());
    row.put("normal_loud_found", c.normalFound());
    row.put("normal_loud_recall", round(c.normalRecall()));
    row.put("faint_truth", c.faintTruth());
    row.put("faint_found", c.faintFound());
    row.put("faint_recall", round(c.faintRecall()));
    row.put("detections", c.detections());
    row.put("matched_detections", c.matchedDetections());
    row.put("precision", round(c.precision()));
    row.put("false_events", c.falseEvents());
    row.put("false_per_hour", round(r.falsePerHour(c)));
    row.put("on_other_classes", c.onOtherClasses());
    return row;
  }

  /** Rounded to 4 decimals; NaN (nothing to divide by) becomes null. */
  private static Double round(double v) {
    return Double.isNaN(v) ? null : Math.round(v * 10_000) / 10_000.0;
  }

  private static String frac(int part, int whole) {
    return whole == 0 ? "-" : String.format(Locale.ROOT, "%.2f %d/%d", (double) part / whole, part, whole).replaceFirst("^(\\S+) ", "$1 ");
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }
}
