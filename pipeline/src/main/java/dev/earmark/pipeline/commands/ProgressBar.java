package dev.earmark.pipeline.commands;

import dev.earmark.models.yamnet.ModelFetcher;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line download progress bar on stderr: {@code [#####-----] 1.9/3.8 MB  50%}, redrawn with
 * {@code \r} at most every 1% (or every MB when the size is unknown) so logs stay short.
 */
final class ProgressBar implements ModelFetcher.Progress {
  private static final int WIDTH = 30;

  private final PrintStream err;
  private final String label;
  private long lastDrawn = -1;
  private boolean drew;

  ProgressBar(PrintStream err, String label) {
    this.err = err;
    this.label = label;
  }

  @Override
  public void update(long bytes, long total) {
    long step = total > 0 ? Math.max(1, total / 100) : 1 << 20;
    if (lastDrawn >= 0 && bytes - lastDrawn < step && bytes != total) {
      return;
    }
    lastDrawn = bytes;
    drew = true;
    err.print('\r' + render(label, bytes, total));
    err.flush();
  }

  @Override
  public void done() {
    if (drew) {
      err.println();
    }
  }

  static String render(String label, long bytes, long total) {
    if (total <= 0) {
      return String.format(Locale.ROOT, "%s %s", label, mb(bytes));
    }
    int filled = (int) Math.min(WIDTH, bytes * WIDTH / total);
    return String.format(
        Locale.ROOT,
        "%s [%s%s] %s / %s %3d%%",
        label,
        "#".repeat(filled),
        "-".repeat(WIDTH - filled),
        mb(bytes),
        mb(total),
        (int) Math.min(100, bytes * 100 / total));
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }
}
