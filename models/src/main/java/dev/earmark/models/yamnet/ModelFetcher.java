package dev.earmark.models.yamnet;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads Google's published YAMNet into the model cache ({@link ModelLocator#cacheDir()}): to
 * a temporary file, sha256 checked, then unpacked (a TF Hub/Kaggle {@code .tar.gz} SavedModel,
 * through {@link SafeTarReader}) or stored (a {@code .tflite}) and renamed into place, so a
 * failed or interrupted download never leaves something the locator would pick up.
 */
public final class ModelFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(ModelFetcher.class);

  /**
   * TF Hub {@code google/yamnet/1} as a compressed SavedModel; tfhub.dev redirects to Kaggle. Its
   * sha256 was not measurable here (no internet), so it is not pinned: pass {@code --sha256} to
   * pin it; otherwise the digest is printed after the download.
   */
  public static final String SAVED_MODEL_URL =
      "https://tfhub.dev/google/yamnet/1?tf-hub-format=compressed";

  /** TF Hub {@code google/lite-model/yamnet/tflite/1}, the float32 tflite; sha256 not pinned. */
  public static final String TFLITE_URL =
      "https://tfhub.dev/google/lite-model/yamnet/tflite/1?lite-format=tflite";

  /** Upstream class map (tensorflow/models research/audioset/yamnet), CRLF, 14096 bytes. */
  public static final String CLASS_MAP_URL =
      "https://raw.githubusercontent.com/tensorflow/models/master/research/audioset/yamnet/yamnet_class_map.csv";

  /** sha256 of the upstream class map, as published with the model. */
  public static final String CLASS_MAP_SHA256 =
      "cdf24d193e196d9e95912a2667051ae203e92a2ba09449218ccb40ef787c6df2";

  public static final String CLASS_MAP_FILE = "yamnet_class_map.csv";
  public static final String SAVED_MODEL_DIR = "saved_model";

  /** YAMNet is ~17 MB unpacked; anything near this is not YAMNet. */
  private static final long MAX_UNPACKED_BYTES = 512L << 20;

  /** Receives {@code (bytesSoFar, totalOrMinusOne)} while downloading. */
  @FunctionalInterface
  public interface Progress {
    void update(long bytes, long total);

    default void done() {}
  }

  /** What was installed: the model path the locator will now find, and the download's digest. */
  public record Fetched(Path model, String sha256, long bytes, boolean verified) {}

  private final HttpClient http;

  public ModelFetcher() {
    this(
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(20))
            .build());
  }

  public ModelFetcher(HttpClient http) {
    this.http = http;
  }

  /**
   * Downloads {@code url} into {@code cacheDir} and installs it.
   *
   * @param expectedSha256 hex digest the download must have; null to skip the check (the digest
   *     is still returned so the caller can print it)
   * @throws IOException on HTTP errors, a digest mismatch (the download is deleted), or content
   *     that is neither a tflite nor a tar(.gz) holding a SavedModel or one tflite
   */
  public Fetched fetch(URI url, String expectedSha256, Path cacheDir, Progress progress)
      throws IOException {
    Files.createDirectories(cacheDir);
    Path part = Files.createTempFile(cacheDir, ".download-", ".part");
    try {
      Download download = download(url, part, progress);
      boolean verified = verify(url, expectedSha256, download.sha256());
      Path model = install(url, part, cacheDir);
      return new Fetched(model, download.sha256(), download.bytes(), verified);
    } finally {
      Files.deleteIfExists(part);
    }
  }

  /**
   * Downloads the class map beside a {@code .tflite} (a SavedModel carries its own in {@code
   * assets/}), checked against {@link #CLASS_MAP_SHA256} unless {@code expectedSha256} overrides.
   */
  public Path fetchClassMap(URI url, String expectedSha256, Path cacheDir) throws IOException {
    Files.createDirectories(cacheDir);
    Path part = Files.createTempFile(cacheDir, ".download-", ".part");
    try {
      Download download = download(url, part, (b, t) -> {});
      verify(url, expectedSha256 == null ? CLASS_MAP_SHA256 : expectedSha256, download.sha256());
      Path target = cacheDir.resolve(CLASS_MAP_FILE);
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } finally {
      Files.deleteIfExists(part);
    }
  }

  private record Download(String sha256, long bytes) {}

  private Download download(URI url, Path part, Progress progress) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(10)).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (ConnectException e) {
      throw new IOException("cannot connect to " + url.getHost() + " (no network?): " + url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while downloading " + url, e);
    }
    MessageDigest sha = sha256();
    long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    long bytes = 0;
    try (InputStream in = response.body();
        OutputStream out = new DigestOutputStream(Files.newOutputStream(part), sha)) {
      if (response.statusCode() != 200) {
        throw new IOException("GET " + url + " failed: HTTP " + response.statusCode());
      }
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        bytes += n;
        progress.update(bytes, total);
      }
    } finally {
      progress.done();
    }
    if (total >= 0 && bytes != total) {
      throw new IOException("download of " + url + " ended after " + bytes + " of " + total + " bytes");
    }
    return new Download(HexFormat.of().formatHex(sha.digest()), bytes);
  }

  private static boolean verify(URI url, String expected, String actual) throws IOException {
    if (expected == null || expected.isBlank()) {
      LOG.warn("{}: sha256 not pinned, not verified; got {}", url, actual);
      return false;
    }
    if (!expected.trim().equalsIgnoreCase(actual)) {
      throw new IOException(
          "sha256 mismatch for "
              + url
              + ": expected "
              + expected.trim().toLowerCase(Locale.ROOT)
              + ", got "
              + actual
              + "; the download was deleted");
    }
    return true;
  }

  /** Sniffs the bytes, not the URL: TF Hub serves tflites both bare and inside a tar. */
  private Path install(URI url, Path part, Path cacheDir) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(part)) {
      head = in.readNBytes(512);
    }
    if (isTflite(head)) {
      Path target = cacheDir.resolve(tfliteName(url));
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return target;
    }
    boolean gzip = head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
    boolean tar = head.length >= 262 && new String(head, 257, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ustar");
    if (!gzip && !tar) {
      throw new IOException(url + ": downloaded content is neither a .tflite nor a tar(.gz) archive");
    }
    Path unpack = Files.createTempDirectory(cacheDir, ".unpack-");
    try {
      try (InputStream raw = new BufferedInputStream(Files.newInputStream(part));
          InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
        new SafeTarReader(MAX_UNPACKED_BYTES).extract(in, unpack, url.toString());
      }
      return installUnpacked(url, unpack, cacheDir);
    } finally {
      deleteTree(unpack);
    }
  }

  private static Path installUnpacked(URI url, Path unpack, Path cacheDir) throws IOException {
    Path savedModel = findSavedModel(unpack);
    if (savedModel != null) {
      // TF Hub keeps the class map in assets/; our export (and the pipeline's lookup) expect it
      // at the SavedModel root, so put a copy there: both layouts then find it.
      Path inAssets = savedModel.resolve("assets").resolve(CLASS_MAP_FILE);
      Path atRoot = savedModel.resolve(CLASS_MAP_FILE);
      if (Files.isRegularFile(inAssets) && !Files.exists(atRoot)) {
        Files.copy(inAssets, atRoot);
      }
      Path target = cacheDir.resolve(SAVED_MODEL_DIR);
      replaceDir(savedModel, target);
      return target;
    }
    List<Path> tflites;
    try (var walk = Files.walk(unpack)) {
      tflites = walk.filter(p -> p.toString().endsWith(".tflite")).sorted().toList();
    }
    if (tflites.size() == 1 && ModelLocator.problemWith(tflites.get(0)) == null) {
      Path target = cacheDir.resolve(tfliteName(url));
      Files.move(tflites.get(0), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return target;
    }
    throw new IOException(
        url + ": archive holds no SavedModel (saved_model.pb) and not exactly one .tflite");
  }

  private static Path findSavedModel(Path unpack) throws IOException {
    if (ModelLocator.isSavedModelDir(unpack)) {
      return unpack;
    }
    try (var walk = Files.walk(unpack, 3)) {
      return walk.filter(ModelLocator::isSavedModelDir).sorted().findFirst().orElse(null);
    }
  }

  /** Moves the old directory aside first, so the locator never sees a half-replaced model. */
  private static void replaceDir(Path source, Path target) throws IOException {
    Path old = null;
    if (Files.exists(target)) {
      old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    if (old != null) {
      deleteTree(old);
    }
  }

  static String tfliteName(URI url) {
    String path = url.getPath() == null ? "" : url.getPath();
    String last = path.substring(path.lastIndexOf('/') + 1);
    return last.endsWith(".tflite") && last.length() > ".tflite".length() ? last : "yamnet.tflite";
  }

  static boolean isTflite(byte[] head) {
    return head.length >= 8 && head[4] == 'T' && head[5] == 'F' && head[6] == 'L' && head[7] == '3';
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK without SHA-256", e);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
