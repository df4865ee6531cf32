package dev.earmark.models.yamnet.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.earmark.models.yamnet.ClassMap;
import dev.earmark.models.yamnet.ClassMapLocator;
import dev.earmark.models.yamnet.ModelLocator;
import dev.earmark.models.yamnet.ModelNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the real YAMNet weights for every module's tests (shared through the models test-jar);
 * fails (never skips) with a clear message when they are absent, so CI cannot go green without them.
 */
public final class RealModel {
  private RealModel() {}

  /**
   * The default test model, found by {@link ModelLocator} like every command finds one (env
   * EARMARK_YAMNET, then system property earmark.yamnet), but never from the user cache: a test
   * run must say which weights it uses.
   */
  public static Path tflite() {
    ModelLocator.ResolvedModel model;
    try {
      model = ModelLocator.locate(null);
    } catch (ModelNotFoundException e) {
      throw new AssertionError("YAMNet weights not configured: set -Dearmark.yamnet=/path/to/yamnet.tflite or env"
          + " EARMARK_YAMNET (e.g. ../shared/models/yamnet/tflite/yamnet_tfhub_int8dr_dynamic.tflite)\n"
          + e.getMessage(), e);
    }
    if (model.origin() == ModelLocator.Origin.CACHE) {
      fail("YAMNet weights not configured (only the user cache holds " + model.path() + "): set"
          + " -Dearmark.yamnet=/path/to/yamnet.tflite or env EARMARK_YAMNET");
    }
    return model.path();
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
      return ClassMapLocator.load(tflite());
    } catch (java.io.IOException e) {
      throw new AssertionError("cannot read class map: " + e.getMessage(), e);
    }
  }
}
