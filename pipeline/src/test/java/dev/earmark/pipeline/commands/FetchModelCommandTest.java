package dev.earmark.pipeline.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fetch-model end to end against a localhost server serving the real files from ../shared. */
class FetchModelCommandTest {
  @TempDir Path tmp;
  private HttpServer server;
  private volatile Map<String, Path> served;
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws Exception {
    String dir = System.getProperty("earmark.yamnet.dir");
    assertTrue(dir != null && Files.isDirectory(Path.of(dir)), "earmark.yamnet.dir not set: " + dir);
    served =
        Map.of(
            "/yamnet_tfhub_int8dr_dynamic.tflite",
            Path.of(dir, "tflite/yamnet_tfhub_int8dr_dynamic.tflite"),
            "/yamnet_class_map.csv",
            Path.of(dir, "yamnet_class_map.csv"));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          Path file = served.get(ex.getRequestURI().getPath());
          if (file == null) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
          }
          byte[] body = Files.readAllBytes(file);
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private int fetch(String... args) {
    return CommandLine.execute(
        new FetchModelCommand(),
        args,
        new PrintStream(outBytes, true, StandardCharsets.UTF_8),
        new PrintStream(errBytes, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void downloadsTheTfliteAndClassMapWithAProgressBar() throws Exception {
    Path cache = tmp.resolve("cache");
    int code =
        fetch(
            "--url=" + base() + "/yamnet_tfhub_int8dr_dynamic.tflite",
            "--sha256=f07e6366167b5e960f828084a79684e02a694ddefdb35307042439c14d010d26",
            "--cacheDir=" + cache,
            "--classMapUrl=" + base() + "/yamnet_class_map.csv");
    assertEquals(0, code, err());
    Path model = cache.resolve("yamnet_tfhub_int8dr_dynamic.tflite");
    assertEquals(model.toString(), outBytes.toString(StandardCharsets.UTF_8).strip());
    assertArrayEquals(Files.readAllBytes(served.get("/yamnet_tfhub_int8dr_dynamic.tflite")), Files.readAllBytes(model));
    assertTrue(Files.isRegularFile(cache.resolve("yamnet_class_map.csv")));
    assertTrue(err().contains("[##############################] 4.0 MB / 4.0 MB 100%"), err());
    assertTrue(err().contains("(verified)"), err());
    // The class map beside the fetched tflite is the one classify picks up.
    assertEquals(521, dev.earmark.models.yamnet.ClassMapLocator.load(model).size());
  }

  @Test
  void fetchedSavedModelArchiveLoadsAndClassifies() throws Exception {
    // A TF Hub style archive: our SavedModel export, class map in assets/, packed by GNU tar.
    Path export = tmp.resolve("export");
    dev.earmark.models.yamnet.YamnetExport.export(
        dev.earmark.models.yamnet.ModelConfig.of(ClassifyCommandTest.modelPath()), export.toString(), null);
    Files.createDirectories(export.resolve("assets"));
    Files.copy(served.get("/yamnet_class_map.csv"), export.resolve("assets/yamnet_class_map.csv"));
    Path archive = tmp.resolve("yamnet-1.tar.gz");
    dev.earmark.pipeline.demo.ExternalTools.run(
        tmp, java.util.List.of("tar", "czf", archive.toString(), "-C", export.toString(), "."));
    served = Map.of("/google/yamnet/1", archive);

    Path cache = tmp.resolve("cache");
    assertEquals(0, fetch("--url=" + base() + "/google/yamnet/1", "--cacheDir=" + cache), err());
    Path savedModel = cache.resolve("saved_model");
    assertEquals(savedModel.toString(), outBytes.toString(StandardCharsets.UTF_8).strip());
    assertTrue(err().contains("not pinned"), err());

    // 3 s of digital silence through the fetched SavedModel: every patch is "Silence".
    Path wav = tmp.resolve("quiet.wav");
    dev.earmark.pipeline.demo.ExternalTools.run(
        tmp, java.util.List.of("sox", "-R", "-n", "-r", "16000", "-c", "1", "-b", "16", wav.toString(), "trim", "0", "3"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = CommandLine.execute(new ClassifyCommand(),
        new String[] {wav.toString(), "--top=1", "--model=" + savedModel},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    java.util.List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(6, lines.size());
    assertTrue(lines.stream().allMatch(l -> l.contains("  Silence ")), lines.toString());
  }

  @Test
  void wrongDigestFailsAndLeavesTheCacheEmpty() throws Exception {
    Path cache = tmp.resolve("cache");
    int code =
        fetch(
            "--url=" + base() + "/yamnet_tfhub_int8dr_dynamic.tflite",
            "--sha256=" + "ab".repeat(32),
            "--cacheDir=" + cache);
    assertEquals(1, code);
    assertTrue(err().contains("sha256 mismatch"), err());
    try (var files = Files.list(cache)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void usageErrors() {
    assertEquals(2, fetch("--sha256=xyz"));
    assertTrue(err().contains("--sha256 must be 64 hex digits"), err());
    assertEquals(2, fetch("--url=ftp://x/y"));
    assertTrue(err().contains("URL must be http(s)"), err());
    assertEquals(0, fetch("--help"));
    assertTrue(outBytes.toString(StandardCharsets.UTF_8).contains("tfhub.dev/google/yamnet/1"));
    assertFalse(err().contains("downloading"));
  }
}
