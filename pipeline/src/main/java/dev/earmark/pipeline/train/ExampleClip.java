package dev.earmark.pipeline.train;

import java.nio.file.Path;

/**
 * One example clip: its file, its path under the examples folder (how the head file names it), its
 * type (null for background), the source recording it was cut from (clips of one source stay on
 * one side of the train/validation split), and where it came from and under which licence, as the
 * folder's {@code SOURCES.tsv} says ("unknown" when it does not).
 */
public record ExampleClip(Path file, String relativePath, String type, String source, String origin, String licence) {
  public boolean isBackground() {
    return type == null;
  }

  /** The label the head file and the split use: the type, or "background". */
  public String label() {
    return type == null ? ExampleSet.BACKGROUND : type;
  }
}
