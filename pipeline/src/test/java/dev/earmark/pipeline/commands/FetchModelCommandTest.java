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
  private Map<String, Path> served;
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
    return FetchModelCommand.run(
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
            "--cache-dir=" + cache,
            "--class-map-url=" + base() + "/yamnet_class_map.csv");
    assertEquals(0, code, err());
    Path model = cache.resolve("yamnet_tfhub_int8dr_dynamic.tflite");
    assertEquals(model.toString(), outBytes.toString(StandardCharsets.UTF_8).strip());
    assertArrayEquals(Files.readAllBytes(served.get("/yamnet_tfhub_int8dr_dynamic.tflite")), Files.readAllBytes(model));
    assertTrue(Files.isRegularFile(cache.resolve("yamnet_class_map.csv")));
    assertTrue(err().contains("[##############################] 4.0 MB / 4.0 MB 100%"), err());
    assertTrue(err().contains("(verified)"), err());
    // The class map beside the fetched tflite is the one classify picks up.
    assertEquals(521, ClassMapFinder.forModel(model).size());
  }

  @Test
  void wrongDigestFailsAndLeavesTheCacheEmpty() throws Exception {
    Path cache = tmp.resolve("cache");
    int code =
        fetch(
            "--url", base() + "/yamnet_tfhub_int8dr_dynamic.tflite",
            "--sha256", "ab".repeat(32),
            "--cache-dir", cache.toString());
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
