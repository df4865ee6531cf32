package dev.earmark.pipeline;

import dev.earmark.transforms.output.Locations;
import dev.earmark.models.yamnet.ClassMapLocator;
import dev.earmark.models.yamnet.ModelLocator;
import dev.earmark.models.yamnet.ModelNotFoundException;
import java.nio.file.Path;

/** Where the model and its class map are when no option names them. */
final class ModelPaths {
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
   * The class map {@link ClassMapLocator} finds for a local model; null for none, or for a remote
   * model ({@code gs://...}): the map is read when the pipeline is built, so it must be local.
   */
  static String findClassMap(String model) {
    if (model == null || Locations.hasScheme(model)) {
      return null;
    }
    return ClassMapLocator.find(Path.of(model)).map(Path::toString).orElse(null);
  }
}
