package dev.earmark.models.yamnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real download path against a local HTTP server (this machine has no internet): the same
 * code fetch-model runs against TF Hub, with a localhost URL.
 */
class ModelFetcherTest {
  @TempDir Path tmp;
  private HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private Path cache;
  private final List<long[]> progress = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          if (path.equals("/redirect")) {
            exchange.getResponseHeaders().add("Location", "/models/yamnet.tflite");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
            return;
          }
          byte[] body = files.get(path);
          if (body == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
          }
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    cache = tmp.resolve("cache/earmark/yamnet");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private ModelFetcher.Fetched fetch(String path, String sha) throws IOException {
    return new ModelFetcher().fetch(url(path), sha, cache, (b, t) -> progress.add(new long[] {b, t}));
  }

  static Path sharedDir() {
    String dir = System.getProperty("earmark.yamnet.dir");
    assertTrue(dir != null && Files.isDirectory(Path.of(dir)),
        "system property earmark.yamnet.dir must point at ../shared/models/yamnet, got " + dir);
    return Path.of(dir);
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(ModelFetcher.sha256().digest(bytes));
  }

  private void assertCacheHoldsOnly(String... names) throws IOException {
    try (var list = Files.list(cache)) {
      assertEquals(
          List.of(names), list.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void tfliteLandsIntactAndVerifiedAndTheLocatorFindsIt() throws Exception {
    Path source = sharedDir().resolve("tflite/yamnet_tfhub_int8dr_dynamic.tflite");
    byte[] bytes = Files.readAllBytes(source);
    files.put("/models/yamnet.tflite", bytes);

    ModelFetcher.Fetched fetched =
        fetch("/redirect", "F07E6366167B5E960F828084A79684E02A694DDEFDB35307042439C14D010D26");

    assertTrue(fetched.verified());
    assertEquals(bytes.length, fetched.bytes());
    assertEquals(cache.resolve("yamnet.tflite"), fetched.model());
    assertArrayEquals(bytes, Files.readAllBytes(fetched.model()));
    assertCacheHoldsOnly("yamnet.tflite");
    long[] last = progress.get(progress.size() - 1);
    assertArrayEquals(new long[] {bytes.length, bytes.length}, last);

    ModelLocator locator =
        new ModelLocator(Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString()), new Properties(), tmp);
    assertEquals(fetched.model(), locator.resolve(null).path());
  }

  @Test
  void wrongSha256FailsAndLeavesNothing() throws Exception {
    byte[] bytes = Files.readAllBytes(sharedDir().resolve("tflite/yamnet_tfhub_int8dr_15600.tflite"));
    files.put("/m.tflite", bytes);
    String wrong = "0".repeat(64);
    IOException e = assertThrows(IOException.class, () -> fetch("/m.tflite", wrong));
    assertTrue(e.getMessage().contains("sha256 mismatch"), e.getMessage());
    assertTrue(e.getMessage().contains(sha256(bytes)), e.getMessage());
    assertCacheHoldsOnly();
  }

  @Test
  void unpinnedDownloadReportsItsDigest() throws Exception {
    byte[] bytes = Files.readAllBytes(sharedDir().resolve("tflite/yamnet_tfhub_int8dr_15600.tflite"));
    files.put("/models/yamnet_tfhub_int8dr_15600.tflite", bytes);
    ModelFetcher.Fetched fetched = fetch("/models/yamnet_tfhub_int8dr_15600.tflite", null);
    assertFalse(fetched.verified());
    assertEquals("687f226c147a2caab4706fbbab5e9cecb14b9a368264bf61108078b1fddf68f5", fetched.sha256());
    assertEquals(cache.resolve("yamnet_tfhub_int8dr_15600.tflite"), fetched.model());
  }

  @Test
  void savedModelArchiveIsUnpackedIntoTheCache() throws Exception {
    byte[] classMap = Files.readAllBytes(sharedDir().resolve("yamnet_class_map.csv"));
    byte[] pb = "saved model graph bytes".getBytes(StandardCharsets.UTF_8);
    byte[] index = new byte[3000];
    for (int i = 0; i < index.length; i++) {
      index[i] = (byte) (i * 31);
    }
    String longDir = "./" + "nested/".repeat(20);
    TestTar tar = new TestTar()
        .dir("./")
        .file("./saved_model.pb", pb)
        .dir("./variables/")
        .file("./variables/variables.index", index)
        .file("./assets/yamnet_class_map.csv", classMap)
        .paxFile(longDir + "long-name.txt", pb);
    byte[] archive = gzip(tar.finish());
    files.put("/yamnet/1", archive);

    ModelFetcher.Fetched fetched = fetch("/yamnet/1", sha256(archive));

    Path sm = cache.resolve("saved_model");
    assertEquals(sm, fetched.model());
    assertArrayEquals(pb, Files.readAllBytes(sm.resolve("saved_model.pb")));
    assertArrayEquals(index, Files.readAllBytes(sm.resolve("variables/variables.index")));
    assertArrayEquals(classMap, Files.readAllBytes(sm.resolve("assets/yamnet_class_map.csv")));
    assertTrue(Files.isRegularFile(sm.resolve(longDir.substring(2) + "long-name.txt")));
    assertCacheHoldsOnly("saved_model");
    assertTrue(ModelLocator.isSavedModelDir(sm));

    // A second fetch replaces the model in place.
    byte[] archive2 = gzip(new TestTar().file("saved_model.pb", new byte[] {7}).finish());
    files.put("/yamnet/2", archive2);
    fetch("/yamnet/2", null);
    assertArrayEquals(new byte[] {7}, Files.readAllBytes(sm.resolve("saved_model.pb")));
    assertFalse(Files.exists(sm.resolve("variables")));
    assertCacheHoldsOnly("saved_model");
  }

  @Test
  void tarHoldingOneTfliteIsStoredAsTflite() throws Exception {
    // TF Hub serves lite-models as a tar with a single 1.tflite member.
    byte[] model = Files.readAllBytes(sharedDir().resolve("tflite/yamnet_tfhub_int8dr_15600.tflite"));
    byte[] archive = new TestTar().file("1.tflite", model).finish();
    files.put("/lite/1", archive);
    ModelFetcher.Fetched fetched = fetch("/lite/1", sha256(archive));
    assertEquals(cache.resolve("yamnet.tflite"), fetched.model());
    assertArrayEquals(model, Files.readAllBytes(fetched.model()));
  }

  @Test
  void traversalAbsoluteAndLinkEntriesAreRejectedAndNothingIsInstalled() throws Exception {
    List<TestTar> hostile =
        List.of(
            new TestTar().file("saved_model.pb", new byte[] {1}).file("../escaped.txt", new byte[] {1}),
            new TestTar().file("variables/../../escaped.txt", new byte[] {1}),
            new TestTar().file("/tmp/escaped-absolute.txt", new byte[] {1}),
            new TestTar().paxFile("a/../../../escaped.txt", new byte[] {1}),
            new TestTar().link("saved_model.pb", "/etc/passwd"));
    for (int i = 0; i < hostile.size(); i++) {
      byte[] archive = gzip(hostile.get(i).finish());
      files.put("/evil/" + i, archive);
      String path = "/evil/" + i;
      IOException e = assertThrows(IOException.class, () -> fetch(path, null), "case " + i);
      assertTrue(
          e.getMessage().contains("path traversal")
              || e.getMessage().contains("unsafe path")
              || e.getMessage().contains("links and special files"),
          "case " + i + ": " + e.getMessage());
      assertCacheHoldsOnly();
    }
    assertFalse(Files.exists(tmp.resolve("cache/earmark/escaped.txt")));
    assertFalse(Files.exists(tmp.resolve("cache/escaped.txt")));
  }

  @Test
  void classMapIsCheckedAgainstThePinnedDigest() throws Exception {
    byte[] csv = Files.readAllBytes(sharedDir().resolve("yamnet_class_map.csv"));
    files.put("/yamnet_class_map.csv", csv);
    Path got = new ModelFetcher().fetchClassMap(url("/yamnet_class_map.csv"), null, cache);
    assertArrayEquals(csv, Files.readAllBytes(got));

    byte[] lf = new String(csv, StandardCharsets.UTF_8).replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
    files.put("/lf.csv", lf);
    Files.delete(got);
    IOException e = assertThrows(IOException.class,
        () -> new ModelFetcher().fetchClassMap(url("/lf.csv"), null, cache));
    assertTrue(e.getMessage().contains("sha256 mismatch"), e.getMessage());
    assertCacheHoldsOnly();
  }

  @Test
  void httpErrorsAndNonModelContentAreClear() throws Exception {
    IOException e = assertThrows(IOException.class, () -> fetch("/missing", null));
    assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    files.put("/page.html", "<html>login</html>".getBytes(StandardCharsets.UTF_8));
    e = assertThrows(IOException.class, () -> fetch("/page.html", null));
    assertTrue(e.getMessage().contains("neither a .tflite nor a tar"), e.getMessage());
    assertCacheHoldsOnly();
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }
}
