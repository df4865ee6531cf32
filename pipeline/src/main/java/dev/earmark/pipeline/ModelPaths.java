package dev.earmark.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the model and its class map are when no option names them.
 * TODO(models ModelLocator): delegate to ModelLocator once it lands on main.
 */
final class ModelPaths {
  static final String ENV = "EARMARK_YAMNET";
  static final String PROPERTY = "earmark.yamnet";
  static final String CLASS_MAP = dev.earmark.models.yamnet.ClassMap.FILE_NAME;

  private ModelPaths() {}

  static String defaultModel() {
    String env = System.getenv(ENV);
    if (env != null && !env.isBlank()) {
      return env;
    }
    String prop = System.getProperty(PROPERTY);
    if (prop != null && !prop.isBlank()) {
      return prop;
    }
    return Path.of(System.getProperty("user.home"), ".cache", "earmark", "yamnet").toString();
  }

  /** The class map beside the model, up to two directories above it, or in -Dearmark.yamnet.dir. */
  static String findClassMap(String model) {
    if (model != null) {
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
