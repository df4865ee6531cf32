package dev.earmark.pipeline.commands;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/** Text forms of one patch's scores: the console line and the scores-CSV row. */
final class PatchLines {
  private PatchLines() {}

  /** {@code "  12.48  Speech 0.912 | Music 0.103 | Silence 0.020"}: best first, ties by index. */
  static String topLine(String seconds, float[] scores, List<String> names, int k) {
    int[] best = topIndices(scores, k);
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%8s ", seconds));
    for (int i = 0; i < best.length; i++) {
      line.append(i == 0 ? " " : " | ")
          .append(names.get(best[i]))
          .append(' ')
          .append(String.format(Locale.ROOT, "%.3f", scores[best[i]]));
    }
    return line.toString();
  }

  static int[] topIndices(float[] scores, int k) {
    int n = Math.min(k, scores.length);
    int[] best = new int[n];
    int filled = 0;
    // Insertion into a k-long sorted array: k is small, so this beats sorting 521 boxed indices.
    for (int c = 0; c < scores.length; c++) {
      int pos = filled;
      while (pos > 0 && scores[best[pos - 1]] < scores[c]) {
        pos--;
      }
      if (pos < n) {
        int last = Math.min(filled, n - 1);
        System.arraycopy(best, pos, best, pos + 1, last - pos);
        best[pos] = c;
        filled = Math.min(filled + 1, n);
      }
    }
    return best;
  }

  static void writeCsvRow(Writer out, String seconds, float[] scores) throws IOException {
    StringBuilder row = new StringBuilder(scores.length * 12).append(seconds);
    for (float s : scores) {
      row.append(',').append(s);
    }
    out.write(row.append('\n').toString());
  }

  /** RFC 4180 quoting: only when the value holds a comma, quote or line break. */
  static String csvQuote(String value) {
    if (value.indexOf(',') < 0
        && value.indexOf('"') < 0
        && value.indexOf('\n') < 0
        && value.indexOf('\r') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }
}
