package dev.earmark.pipeline.evaluate;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of one class (a truth label, or a detected type no truth label accepts): truth rows
 * and how many were found, split normal/loud vs faint; detections, how many matched a truth row of
 * this class, how many fell where nothing was inserted (false events), and, of the rest, how many
 * lay on a truth row of each other class ({@code onOtherClasses}: a snore heard as breathing counts
 * once under breathing, as "snore").
 */
public record ClassFigures(String name, int normalTruth, int normalFound, int faintTruth, int faintFound,
    int detections, int matchedDetections, int falseEvents, Map<String, Integer> onOtherClasses) {

  public ClassFigures {
    onOtherClasses = Collections.unmodifiableMap(new TreeMap<>(onOtherClasses));
  }

  public int truth() {
    return normalTruth + faintTruth;
  }

  public int found() {
    return normalFound + faintFound;
  }

  public double recall() {
    return ratio(found(), truth());
  }

  public double normalRecall() {
    return ratio(normalFound, normalTruth);
  }

  public double faintRecall() {
    return ratio(faintFound, faintTruth);
  }

  public double precision() {
    return ratio(matchedDetections, detections);
  }

  static double ratio(int part, int whole) {
    return whole == 0 ? Double.NaN : (double) part / whole;
  }
}
