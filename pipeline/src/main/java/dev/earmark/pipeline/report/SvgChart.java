package dev.earmark.pipeline.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A minimal inline SVG line/bar chart: linear axes from zero, ticks, a title, a legend.
 * Hand-written rather than a charting library because the report must open offline with no
 * scripts, and these charts need nothing more than polylines and rectangles.
 */
final class SvgChart {
  static final String[] PALETTE = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
      "#17becf"};
  private static final int WIDTH = 1000;
  private static final int HEIGHT = 360;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 80; // room for rotated bar labels

  private final String id;
  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final double xMax;
  private final double yMax;
  private final StringBuilder plot = new StringBuilder();
  private final List<String> legend = new ArrayList<>();

  /** Axes run from 0 to the given maxima rounded up so that the five tick steps are round numbers. */
  SvgChart(String id, String title, String xLabel, String yLabel, double xMax, double yMax) {
    this(id, title, xLabel, yLabel, xMax, yMax, true);
  }

  /** {@code roundX} false keeps xMax as is: a bar chart's x is a count of bars, not a scale. */
  SvgChart(String id, String title, String xLabel, String yLabel, double xMax, double yMax, boolean roundX) {
    this.id = id;
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.xMax = roundX ? niceCeiling(xMax) : Math.max(1, xMax);
    this.yMax = niceCeiling(yMax);
  }

  double x(double value) {
    return LEFT + value / xMax * (WIDTH - LEFT - RIGHT);
  }

  double y(double value) {
    return HEIGHT - BOTTOM - value / yMax * (HEIGHT - TOP - BOTTOM);
  }

  SvgChart line(double[] xs, double[] ys, String color, boolean dashed, String name) {
    if (xs.length == 0) {
      return this;
    }
    StringBuilder pts = new StringBuilder();
    for (int i = 0; i < xs.length; i++) {
      pts.append(num(x(xs[i]))).append(',').append(num(y(ys[i]))).append(' ');
    }
    plot.append("<polyline class=\"series\" fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"1.5\"")
        .append(dashed ? " stroke-dasharray=\"5,3\"" : "").append(" points=\"").append(pts.toString().trim())
        .append("\"><title>").append(Html.escape(name)).append("</title></polyline>\n");
    if (xs.length == 1) { // a lone point draws no line; show a dot instead
      plot.append("<circle cx=\"").append(num(x(xs[0]))).append("\" cy=\"").append(num(y(ys[0])))
          .append("\" r=\"3\" fill=\"").append(color).append("\"/>\n");
    }
    legend.add("<tspan fill=\"" + color + "\">" + (dashed ? "- - " : "— ") + "</tspan>" + Html.escape(name));
    return this;
  }

  /** A labelled vertical marker, e.g. where the run reached the next user. */
  SvgChart marker(double at, String label) {
    double px = x(at);
    plot.append("<line class=\"marker\" x1=\"").append(num(px)).append("\" x2=\"").append(num(px))
        .append("\" y1=\"").append(TOP).append("\" y2=\"").append(HEIGHT - BOTTOM)
        .append("\" stroke=\"#888\" stroke-dasharray=\"2,3\"/>\n")
        .append("<text x=\"").append(num(px + 3)).append("\" y=\"").append(TOP + 10)
        .append("\" font-size=\"10\" fill=\"#555\">").append(Html.escape(label)).append("</text>\n");
    return this;
  }

  /** One bar per value at x = 0.5, 1.5, ... (the chart's xMax should be the bar count). */
  SvgChart bars(double[] values, String[] labels, String[] colors, String[] tooltips) {
    double slot = (WIDTH - LEFT - RIGHT) / xMax;
    boolean labelled = values.length <= 48; // more labels than that overlap into a smear
    for (int i = 0; i < values.length; i++) {
      double top = y(values[i]);
      plot.append("<rect class=\"bar\" x=\"").append(num(x(i) + slot * 0.1)).append("\" y=\"").append(num(top))
          .append("\" width=\"").append(num(slot * 0.8)).append("\" height=\"").append(num(y(0) - top))
          .append("\" fill=\"").append(colors[i]).append("\"><title>").append(Html.escape(tooltips[i]))
          .append("</title></rect>\n");
      if (labelled) {
        double cx = x(i + 0.5);
        plot.append("<text x=\"").append(num(cx)).append("\" y=\"").append(HEIGHT - BOTTOM + 12)
            .append("\" font-size=\"9\" text-anchor=\"end\" transform=\"rotate(-45 ").append(num(cx)).append(' ')
            .append(HEIGHT - BOTTOM + 12).append(")\">").append(Html.escape(labels[i])).append("</text>\n");
      }
    }
    return this;
  }

  SvgChart legendEntry(String color, String name) {
    legend.add("<tspan fill=\"" + color + "\">■ </tspan>" + Html.escape(name));
    return this;
  }

  String render(boolean xTicks) {
    StringBuilder svg = new StringBuilder();
    svg.append("<svg class=\"chart\" id=\"").append(id).append("\" viewBox=\"0 0 ")
        .append(WIDTH).append(' ').append(HEIGHT).append("\" width=\"").append(WIDTH).append("\" height=\"")
        .append(HEIGHT).append("\" role=\"img\" aria-label=\"").append(Html.escape(title)).append("\">\n");
    svg.append("<text class=\"title\" x=\"").append(WIDTH / 2).append("\" y=\"18\" text-anchor=\"middle\"")
        .append(" font-size=\"15\" font-weight=\"bold\">").append(Html.escape(title)).append("</text>\n");
    for (int i = 0; i <= 5; i++) {
      double v = yMax * i / 5;
      svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
          .append(num(y(v))).append("\" y2=\"").append(num(y(v))).append("\" stroke=\"#eee\"/>\n")
          .append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(num(y(v) + 4))
          .append("\" font-size=\"10\" text-anchor=\"end\">").append(tick(v)).append("</text>\n");
      if (xTicks) {
        double xv = xMax * i / 5;
        svg.append("<text x=\"").append(num(x(xv))).append("\" y=\"").append(HEIGHT - BOTTOM + 14)
            .append("\" font-size=\"10\" text-anchor=\"middle\">").append(tick(xv)).append("</text>\n");
      }
    }
    svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
        .append(HEIGHT - BOTTOM).append("\" y2=\"").append(HEIGHT - BOTTOM).append("\" stroke=\"#333\"/>\n")
        .append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT).append("\" y1=\"").append(TOP)
        .append("\" y2=\"").append(HEIGHT - BOTTOM).append("\" stroke=\"#333\"/>\n");
    svg.append(plot);
    svg.append("<text class=\"x-label\" x=\"").append((LEFT + WIDTH - RIGHT) / 2).append("\" y=\"").append(HEIGHT - 8)
        .append("\" text-anchor=\"middle\" font-size=\"11\">").append(Html.escape(xLabel)).append("</text>\n");
    svg.append("<text class=\"y-label\" x=\"14\" y=\"").append((TOP + HEIGHT - BOTTOM) / 2)
        .append("\" text-anchor=\"middle\" font-size=\"11\" transform=\"rotate(-90 14 ")
        .append((TOP + HEIGHT - BOTTOM) / 2).append(")\">").append(Html.escape(yLabel)).append("</text>\n");
    if (!legend.isEmpty()) {
      svg.append("<text class=\"legend\" x=\"").append(LEFT + 6).append("\" y=\"34\" font-size=\"11\">")
          .append(String.join("   ", legend)).append("</text>\n");
    }
    return svg.append("</svg>\n").toString();
  }

  /** The smallest of 1, 1.5, 2, ... 10 times a power of ten that is at least the value; a fifth of each is round. */
  static double niceCeiling(double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (double step : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
      if (value <= step * power * 1.0000001) {
        return step * power;
      }
    }
    return 10 * power;
  }

  private static String tick(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
