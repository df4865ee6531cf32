package dev.earmark.pipeline.commands;

import dev.earmark.models.yamnet.ClassMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the {@link ClassMap} ({@code yamnet_class_map.csv}) that belongs to a model: in a
 * SavedModel's {@code assets/}, next to a {@code .tflite} or one level up (the {@code
 * ../shared/models/yamnet} layout), else under system property {@code earmark.yamnet.dir}.
 */
final class ClassMapFinder {
  static final String FILE_NAME = ClassMap.FILE_NAME;
  static final int NUM_CLASSES = 521;

  private ClassMapFinder() {}

  static ClassMap forModel(Path model) throws IOException {
    Path csv =
        find(model)
            .orElseThrow(
                () ->
                    new IOException(
                        "no "
                            + FILE_NAME
                            + " found beside the model "
                            + model
                            + " (looked in its assets/, its folder and the folder above, and"
                            + " -Dearmark.yamnet.dir)"));
    ClassMap map = ClassMap.read(csv);
    if (map.size() != NUM_CLASSES) {
      throw new IOException(csv + ": " + map.size() + " classes, expected " + NUM_CLASSES);
    }
    return map;
  }

  static Optional<Path> find(Path model) {
    List<Path> candidates = new ArrayList<>();
    Path abs = model.toAbsolutePath();
    if (Files.isDirectory(abs)) {
      candidates.add(abs.resolve("assets").resolve(FILE_NAME));
      candidates.add(abs.resolve(FILE_NAME));
    }
    Path parent = abs.getParent();
    if (parent != null) {
      candidates.add(parent.resolve(FILE_NAME));
      if (parent.getParent() != null) {
        candidates.add(parent.getParent().resolve(FILE_NAME));
      }
    }
    String dir = System.getProperty("earmark.yamnet.dir");
    if (dir != null && !dir.isBlank()) {
      candidates.add(Path.of(dir, FILE_NAME));
    }
    return candidates.stream().filter(Files::isRegularFile).findFirst();
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
