package dev.earmark.pipeline;

import dev.earmark.transforms.Locations;
import dev.earmark.models.yamnet.ModelLocator;
import dev.earmark.models.yamnet.ModelNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the model and its class map are when no option names them. */
final class ModelPaths {
  static final String CLASS_MAP = dev.earmark.models.yamnet.ClassMap.FILE_NAME;

  private ModelPaths() {}

  /** What {@link ModelLocator} finds without {@code --model}; null when nothing is found. */
  static String defaultModel() {
    try {
      return ModelLocator.locate(null).path().toString();
    } catch (ModelNotFoundException e) {
      return null;
    }
  }

  /**
   * The class map beside the model, up to two directories above it, or in -Dearmark.yamnet.dir. A
   * remote model ({@code gs://...}) is not searched: the map is read here, when the pipeline is
   * built, so it must be local ({@code --classMap}).
   */
  static String findClassMap(String model) {
    if (model != null && !Locations.hasScheme(model)) {
      Path dir = Path.of(model).toAbsolutePath();
      for (int up = 0; up <= 2 && dir != null; up++, dir = dir.getParent()) {
        Path candidate = dir.resolve(CLASS_MAP);
        if (Files.isRegularFile(candidate)) {
          return candidate.toString();
        }
      }
    }
    String dir = System.getProperty("earmark.yamnet.dir");
    if (dir != null && Files.isRegularFile(Path.of(dir, CLASS_MAP))) {
      return Path.of(dir, CLASS_MAP).toString();
    }
    return null;
  }
}
