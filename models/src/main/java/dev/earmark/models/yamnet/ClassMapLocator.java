package dev.earmark.models.yamnet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one rule for finding the class map ({@value ClassMap#FILE_NAME}) that belongs to a local
 * model, the companion of {@link ModelLocator}. In order:
 * <ol>
 *   <li>a SavedModel's {@code assets/}, then the SavedModel folder itself;
 *   <li>the model's folder, then the folder above it (a {@code .tflite} in
 *       {@code yamnet/tflite/} with the map in {@code yamnet/});
 *   <li>the folder named by system property {@value #DIR_PROPERTY}.
 * </ol>
 */
public final class ClassMapLocator {
  /** A folder holding the class map, for setups that keep it away from the model. */
  public static final String DIR_PROPERTY = "earmark.yamnet.dir";

  private ClassMapLocator() {}

  /** Where the class map of {@code model} is, if anywhere. */
  public static Optional<Path> find(Path model) {
    return candidates(model).stream().filter(Files::isRegularFile).findFirst();
  }

  /** The class map of {@code model}, checked to hold YAMNet's 521 classes. */
  public static ClassMap load(Path model) throws IOException {
    Path csv = find(model).orElseThrow(() -> new IOException("no " + ClassMap.FILE_NAME
        + " found for the model " + model + " (looked in " + candidates(model) + ")"));
    ClassMap map = ClassMap.read(csv);
    if (map.size() != YamnetModel.NUM_CLASSES) {
      throw new IOException(csv + ": " + map.size() + " classes, expected " + YamnetModel.NUM_CLASSES);
    }
    return map;
  }

  static List<Path> candidates(Path model) {
    List<Path> candidates = new ArrayList<>();
    Path abs = model.toAbsolutePath().normalize();
    if (Files.isDirectory(abs)) {
      candidates.add(abs.resolve("assets").resolve(ClassMap.FILE_NAME));
      candidates.add(abs.resolve(ClassMap.FILE_NAME));
    }
    Path parent = abs.getParent();
    for (int up = 0; up < 2 && parent != null; up++, parent = parent.getParent()) {
      candidates.add(parent.resolve(ClassMap.FILE_NAME));
    }
    String dir = System.getProperty(DIR_PROPERTY);
    if (dir != null && !dir.isBlank()) {
      candidates.add(Path.of(dir, ClassMap.FILE_NAME));
    }
    return candidates;
  }
}
