package dev.earmark.pipeline.evaluate;

import java.util.Locale;
import java.util.Objects;

/** One inserted event of a truth table: seconds from the recording start, its label and level. */
public record TruthRow(double startSeconds, double endSeconds, String label, Level level) {
  /** How loud the event was inserted; recall is reported for normal/loud and faint apart. */
  public enum Level {
    LOUD, NORMAL, FAINT;

    static Level parse(String text) {
      for (Level l : values()) {
        if (l.name().equalsIgnoreCase(text.trim())) {
          return l;
        }
      }
      throw new IllegalArgumentException("level '" + text + "' is not loud, normal or faint");
    }

    public boolean faint() {
      return this == FAINT;
    }
  }

  public TruthRow {
    Objects.requireNonNull(level, "level");
    label = label.trim().toLowerCase(Locale.ROOT);
    if (label.isEmpty()) {
      throw new IllegalArgumentException("empty label");
    }
    if (!(startSeconds >= 0)) {
      throw new IllegalArgumentException("start_s " + startSeconds + " is negative");
    }
    if (!(endSeconds > startSeconds)) {
      throw new IllegalArgumentException("end_s " + endSeconds + " is not after start_s " + startSeconds);
    }
  }
}
