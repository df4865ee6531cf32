package dev.earmark.models.yamnet.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.earmark.models.yamnet.ClassMap;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the real YAMNet weights for every module's tests (shared through the models test-jar);
 * fails (never skips) with a clear message when they are absent, so CI cannot go green without them.
 */
public final class RealModel {
  private RealModel() {}

  /** The default test model: system property earmark.yamnet, else env EARMARK_YAMNET. */
  public static Path tflite() {
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
  public static Path dir() {
    String p = System.getProperty("earmark.yamnet.dir");
    Path dir = p == null || p.isBlank() ? tflite().getParent().getParent() : Path.of(p);
    if (!Files.isRegularFile(dir.resolve(ClassMap.FILE_NAME))) {
      fail("YAMNet directory " + dir + " lacks " + ClassMap.FILE_NAME
          + "; set -Dearmark.yamnet.dir=/path/to/shared/models/yamnet");
    }
    return dir;
  }

  public static Path tflite(String name) {
    Path path = dir().resolve("tflite").resolve(name);
    if (!Files.isRegularFile(path)) {
      fail("YAMNet test model missing: " + path);
    }
    return path;
  }

  public static ClassMap classMap() {
    try {
      return ClassMap.read(dir().resolve(ClassMap.FILE_NAME));
    } catch (java.io.IOException e) {
      throw new AssertionError("cannot read class map: " + e.getMessage(), e);
    }
  }
}
