package dev.earmark.pipeline.evaluate;

/**
 * The figures of one class (a truth label, or a detected type no truth label accepts): truth rows
 * and how many were found, split normal/loud vs faint; detections, how many matched a truth row of
 * this class, and how many fell where nothing was inserted (false events).
 */
public record ClassFigures(String name, int normalTruth, int normalFound, int faintTruth, int faintFound,
    int detections, int matchedDetections, int falseEvents) {

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
