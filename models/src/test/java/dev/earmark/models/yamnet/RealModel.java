package dev.earmark.models.yamnet;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the real YAMNet weights for tests; fails (never skips) with a clear message when absent. */
final class RealModel {
  private RealModel() {}

  /** The default test model: system property earmark.yamnet, else env EARMARK_YAMNET. */
  static Path tflite() {
    String p = System.getProperty("earmark.yamnet");
    if (p == null || p.isBlank()) {
      p = System.getenv("EARMARK_YAMNET");
    }
    if (p == null || p.isBlank()) {
      fail("YAMNet weights not configured: set -Dearmark.yamnet=/path/to/yamnet.tflite or env"
          + " EARMARK_YAMNET (e.g. ../shared/models/yamnet/tflite/yamnet_tfhub_int8dr_dynamic.tflite)");
    }
    Path path = Path.of(p);
    if (!Files.isRegularFile(path) && !Files.isDirectory(path)) {
      fail("YAMNet weights configured as " + path + " but nothing is there");
    }
    return path;
  }

  /** The shared YAMNet directory (class map, other tflites, derived/). */
  static Path dir() {
    String p = System.getProperty("earmark.yamnet.dir");
    Path dir = p == null || p.isBlank() ? tflite().getParent().getParent() : Path.of(p);
    if (!Files.isRegularFile(dir.resolve(ClassMap.FILE_NAME))) {
      fail("YAMNet directory " + dir + " lacks " + ClassMap.FILE_NAME
          + "; set -Dearmark.yamnet.dir=/path/to/shared/models/yamnet");
    }
    return dir;
  }

  static Path tflite(String name) {
    Path path = dir().resolve("tflite").resolve(name);
    if (!Files.isRegularFile(path)) {
      fail("YAMNet test model missing: " + path);
    }
    return path;
  }

  static ClassMap classMap() {
    try {
      return ClassMap.read(dir().resolve(ClassMap.FILE_NAME));
    } catch (java.io.IOException e) {
      throw new AssertionError("cannot read class map: " + e.getMessage(), e);
    }
  }
}
