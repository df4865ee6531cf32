package dev.earmark.models.yamnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLocatorTest {
  @TempDir Path tmp;
  private Path home;
  private Path realTflite;

  @BeforeEach
  void setUp() throws IOException {
    home = Files.createDirectories(tmp.resolve("home"));
    realTflite = realModel();
  }

  /** The real weights: the order of settings is tested on a real file, not a fake. */
  static Path realModel() {
    String dir = System.getProperty("earmark.yamnet.dir");
    assertNotNull(dir, "system property earmark.yamnet.dir is not set (surefire sets it from the pom)");
    Path model = Path.of(dir, "tflite", "yamnet_tfhub_int8dr_dynamic.tflite");
    assertTrue(Files.isRegularFile(model), "YAMNet weights missing at " + model);
    return model;
  }

  private ModelLocator locator(Map<String, String> env, Properties props) {
    return new ModelLocator(env, props, home);
  }

  private Path fakeSavedModel(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("variables"));
    Files.write(dir.resolve("saved_model.pb"), new byte[] {8, 1});
    return dir;
  }

  @Test
  void explicitOptionWinsOverEverything() throws Exception {
    Path savedModel = fakeSavedModel(tmp.resolve("sm"));
    Properties props = new Properties();
    props.setProperty(ModelLocator.SYSTEM_PROPERTY, realTflite.toString());
    ModelLocator.ResolvedModel r =
        locator(Map.of(ModelLocator.ENV_VAR, realTflite.toString()), props)
            .resolve(savedModel.toString());
    assertEquals(savedModel, r.path());
    assertEquals(ModelLocator.Origin.OPTION, r.origin());
    assertTrue(r.isSavedModel());
  }

  @Test
  void envThenPropertyThenCache() throws Exception {
    Properties props = new Properties();
    props.setProperty(ModelLocator.SYSTEM_PROPERTY, realTflite.toString());
    assertEquals(
        ModelLocator.Origin.ENV,
        locator(Map.of(ModelLocator.ENV_VAR, realTflite.toString()), props).resolve(null).origin());
    assertEquals(
        ModelLocator.Origin.SYSTEM_PROPERTY, locator(Map.of(), props).resolve(" ").origin());

    Path cache = home.resolve(".cache/earmark/yamnet");
    Files.createDirectories(cache);
    Files.createSymbolicLink(cache.resolve("yamnet.tflite"), realTflite);
    ModelLocator.ResolvedModel r = locator(Map.of(), new Properties()).resolve(null);
    assertEquals(ModelLocator.Origin.CACHE, r.origin());
    assertEquals(cache.resolve("yamnet.tflite"), r.path());
  }

  @Test
  void missingEnvPathFallsThroughToCache() throws Exception {
    Path cache = home.resolve(".cache/earmark/yamnet");
    fakeSavedModel(cache.resolve("saved_model"));
    ModelLocator.ResolvedModel r =
        locator(Map.of(ModelLocator.ENV_VAR, tmp.resolve("nope.tflite").toString()), new Properties())
            .resolve(null);
    assertEquals(cache.resolve("saved_model"), r.path());
    assertEquals(ModelLocator.Origin.CACHE, r.origin());
  }

  @Test
  void cacheRespectsXdgCacheHome() throws Exception {
    Path xdg = tmp.resolve("xdg");
    Map<String, String> env = new HashMap<>();
    env.put("XDG_CACHE_HOME", xdg.toString());
    ModelLocator loc = locator(env, new Properties());
    assertEquals(xdg.resolve("earmark/yamnet"), loc.cacheDir());
    fakeSavedModel(loc.cacheDir());
    assertEquals(loc.cacheDir(), loc.resolve(null).path());
    env.put("XDG_CACHE_HOME", "relative/ignored");
    assertEquals(home.resolve(".cache/earmark/yamnet"), locator(env, new Properties()).cacheDir());
  }

  @Test
  void nothingFoundNamesEveryPlaceAndHowToGetOne() {
    Path missing = tmp.resolve("gone.tflite");
    ModelNotFoundException e =
        assertThrows(
            ModelNotFoundException.class,
            () -> locator(Map.of(ModelLocator.ENV_VAR, missing.toString()), new Properties())
                .resolve(null));
    String msg = e.getMessage();
    assertTrue(msg.contains("earmark fetch-model"), msg);
    assertTrue(msg.contains("EARMARK_YAMNET"), msg);
    assertTrue(msg.contains("--model"), msg);
    assertTrue(msg.contains(ModelLocator.EXAMPLE_PATH), msg);
    assertTrue(msg.contains(missing.toString()), msg);
    assertTrue(msg.contains("system property earmark.yamnet: not set"), msg);
    assertTrue(msg.contains(home.resolve(".cache/earmark/yamnet").toString()), msg);
    assertEquals(4, e.placesLooked().size(), e.placesLooked().toString());
  }

  @Test
  void explicitMissingPathIsAnErrorEvenWithEnvSet() {
    ModelNotFoundException e =
        assertThrows(
            ModelNotFoundException.class,
            () -> locator(Map.of(ModelLocator.ENV_VAR, realTflite.toString()), new Properties())
                .resolve(tmp.resolve("typo.tflite").toString()));
    assertTrue(e.getMessage().contains("typo.tflite: does not exist"), e.getMessage());
  }

  @Test
  void existingPathThatIsNotAModelIsAClearError() throws Exception {
    Path text = Files.writeString(tmp.resolve("notes.tflite"), "hello, not a flatbuffer");
    ModelNotFoundException e =
        assertThrows(
            ModelNotFoundException.class,
            () -> locator(Map.of(ModelLocator.ENV_VAR, text.toString()), new Properties())
                .resolve(null));
    assertTrue(e.getMessage().contains("is not a .tflite model"), e.getMessage());

    Path emptyDir = Files.createDirectories(tmp.resolve("empty"));
    e = assertThrows(ModelNotFoundException.class, () -> locator(Map.of(), new Properties())
        .resolve(emptyDir.toString()));
    assertTrue(e.getMessage().contains("not a SavedModel"), e.getMessage());
  }

  @Test
  void problemWithAcceptsEveryShippedTflite() throws IOException {
    try (var files = Files.list(realTflite.getParent())) {
      files.forEach(f -> assertNull(ModelLocator.problemWith(f), f.toString()));
    }
  }
}
