package dev.earmark.models.yamnet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place every command and test finds YAMNet: {@code --model}, then env {@code
 * EARMARK_YAMNET}, then system property {@code earmark.yamnet}, then the user cache ({@code
 * $XDG_CACHE_HOME/earmark/yamnet}, default {@code ~/.cache/earmark/yamnet}) where {@code
 * earmark fetch-model} puts it. A model is a {@code .tflite} file or a SavedModel directory.
 *
 * <p>An explicit {@code --model} that holds no model is an error at once (the user asked for that
 * path). A missing env/property path falls through to the next place, because {@code
 * scripts/env.sh} sets a default that may not exist on a machine that fetched into the cache; a
 * path that exists but is not a model is always an error.
 */
public final class ModelLocator {
  private static final Logger LOG = LoggerFactory.getLogger(ModelLocator.class);

  public static final String ENV_VAR = "EARMARK_YAMNET";
  public static final String SYSTEM_PROPERTY = "earmark.yamnet";
  public static final String EXAMPLE_PATH =
      "../shared/models/yamnet/tflite/yamnet_tfhub_int8dr_dynamic.tflite";
  private static final byte[] TFLITE_MAGIC = "TFL3".getBytes(StandardCharsets.US_ASCII);

  /** Which setting a model came from. */
  public enum Origin {
    OPTION("--model"),
    ENV("env " + ENV_VAR),
    SYSTEM_PROPERTY("system property " + ModelLocator.SYSTEM_PROPERTY),
    CACHE("user cache");

    private final String label;

    Origin(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** A model found on disk and the setting that named it. */
  public record ResolvedModel(Path path, Origin origin) {
    public ResolvedModel {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(origin, "origin");
    }

    public boolean isSavedModel() {
      return Files.isDirectory(path);
    }

    @Override
    public String toString() {
      return path + " (from " + origin.label() + ")";
    }
  }

  private final Map<String, String> env;
  private final Properties properties;
  private final Path userHome;

  /** For tests: explicit environment, properties and home directory. */
  public ModelLocator(Map<String, String> env, Properties properties, Path userHome) {
    this.env = Map.copyOf(env);
    this.properties = properties;
    this.userHome = userHome;
  }

  /** Reads this process's environment, system properties and {@code user.home}. */
  public static ModelLocator fromEnvironment() {
    return new ModelLocator(
        System.getenv(), System.getProperties(), Path.of(System.getProperty("user.home")));
  }

  /** Convenience: {@code fromEnvironment().resolve(explicitModel)}. */
  public static ResolvedModel locate(String explicitModel) throws ModelNotFoundException {
    return fromEnvironment().resolve(explicitModel);
  }

  /** {@code $XDG_CACHE_HOME/earmark/yamnet}, or {@code ~/.cache/earmark/yamnet}. */
  public Path cacheDir() {
    String xdg = env.get("XDG_CACHE_HOME");
    // The XDG spec says relative values are invalid and must be ignored.
    Path base =
        xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
            ? Path.of(xdg)
            : userHome.resolve(".cache");
    return base.resolve("earmark").resolve("yamnet");
  }

  /**
   * Finds the model. {@code explicitModel} is the {@code --model} value (null or blank if not
   * given).
   *
   * @throws ModelNotFoundException if no place holds a model, or a set path is not a model
   */
  public ResolvedModel resolve(String explicitModel) throws ModelNotFoundException {
    List<String> looked = new ArrayList<>();
    if (isSet(explicitModel)) {
      Path path = Path.of(explicitModel.trim());
      String problem = problemWith(path);
      if (problem == null) {
        return new ResolvedModel(path, Origin.OPTION);
      }
      looked.add(Origin.OPTION.label() + " = " + path + ": " + problem);
      throw notFound(looked);
    }
    looked.add(Origin.OPTION.label() + ": not given");
    Optional<ResolvedModel> fromEnv =
        checkSetting(Origin.ENV, env.get(ENV_VAR), looked);
    if (fromEnv.isPresent()) {
      return fromEnv.get();
    }
    Optional<ResolvedModel> fromProperty =
        checkSetting(Origin.SYSTEM_PROPERTY, properties.getProperty(SYSTEM_PROPERTY), looked);
    if (fromProperty.isPresent()) {
      return fromProperty.get();
    }
    Path cache = cacheDir();
    Optional<Path> cached = findInCache(cache);
    if (cached.isPresent()) {
      return new ResolvedModel(cached.get(), Origin.CACHE);
    }
    looked.add(
        Origin.CACHE.label()
            + " "
            + cache
            + ": "
            + (Files.isDirectory(cache) ? "holds no .tflite file or SavedModel" : "does not exist"));
    throw notFound(looked);
  }

  private Optional<ResolvedModel> checkSetting(Origin origin, String value, List<String> looked)
      throws ModelNotFoundException {
    if (!isSet(value)) {
      looked.add(origin.label() + ": not set");
      return Optional.empty();
    }
    Path path = Path.of(value.trim());
    if (!Files.exists(path)) {
      LOG.warn("{} = {} does not exist; looking further", origin.label(), path);
      looked.add(origin.label() + " = " + path + ": does not exist");
      return Optional.empty();
    }
    String problem = problemWith(path);
    if (problem != null) {
      looked.add(origin.label() + " = " + path + ": " + problem);
      throw notFound(looked);
    }
    return Optional.of(new ResolvedModel(path, origin));
  }

  /**
   * The model inside a cache directory as {@code fetch-model} leaves it: the directory itself or
   * a subdirectory as a SavedModel (preferred: it loads without conversion), else a {@code
   * .tflite} file; ties broken by name so the choice is stable.
   */
  public static Optional<Path> findInCache(Path cacheDir) {
    if (!Files.isDirectory(cacheDir)) {
      return Optional.empty();
    }
    if (isSavedModelDir(cacheDir)) {
      return Optional.of(cacheDir);
    }
    List<Path> children;
    try (Stream<Path> list = Files.list(cacheDir)) {
      // Hidden entries are fetch-model's work in progress (.download-*, .unpack-*): never use them.
      children =
          list.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    } catch (IOException e) {
      LOG.warn("cannot list model cache {}: {}", cacheDir, e.toString());
      return Optional.empty();
    }
    Optional<Path> savedModel = children.stream().filter(ModelLocator::isSavedModelDir).findFirst();
    if (savedModel.isPresent()) {
      return savedModel;
    }
    return children.stream()
        .filter(p -> p.getFileName().toString().endsWith(".tflite"))
        .filter(p -> problemWith(p) == null)
        .findFirst();
  }

  /** Null if {@code path} is a {@code .tflite} flatbuffer or a SavedModel directory; else why not. */
  public static String problemWith(Path path) {
    if (!Files.exists(path)) {
      return "does not exist";
    }
    if (Files.isDirectory(path)) {
      return isSavedModelDir(path)
          ? null
          : "is a directory without saved_model.pb (not a SavedModel)";
    }
    if (!Files.isReadable(path)) {
      return "is not readable";
    }
    byte[] head = new byte[8];
    try (InputStream in = Files.newInputStream(path)) {
      if (in.readNBytes(head, 0, 8) < 8) {
        return "is too short to be a .tflite model";
      }
    } catch (IOException e) {
      return "cannot be read: " + e.getMessage();
    }
    // TFLite flatbuffers carry the file identifier "TFL3" at bytes 4..8.
    if (!Arrays.equals(Arrays.copyOfRange(head, 4, 8), TFLITE_MAGIC)) {
      return "is not a .tflite model (no TFL3 flatbuffer identifier) nor a SavedModel directory";
    }
    return null;
  }

  public static boolean isSavedModelDir(Path dir) {
    return Files.isDirectory(dir)
        && (Files.isRegularFile(dir.resolve("saved_model.pb"))
            || Files.isRegularFile(dir.resolve("saved_model.pbtxt")));
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }

  private static ModelNotFoundException notFound(List<String> looked) {
    StringBuilder msg = new StringBuilder("No YAMNet model found. Looked at:\n");
    for (String place : looked) {
      msg.append("  - ").append(place).append('\n');
    }
    msg.append("To get one, either:\n")
        .append("  - run `earmark fetch-model` (java -jar pipeline/target/earmark.jar fetch-model)")
        .append(" to download Google's YAMNet into the user cache, or\n")
        .append("  - set ")
        .append(ENV_VAR)
        .append(" or pass --model to a YAMNet .tflite file or SavedModel directory, e.g.\n")
        .append("      export ")
        .append(ENV_VAR)
        .append('=')
        .append(EXAMPLE_PATH);
    return new ModelNotFoundException(msg.toString(), looked);
  }
}
