package dev.earmark.transforms.classify;

import dev.earmark.transforms.output.Locations;
import dev.earmark.models.yamnet.ModelConfig;
import dev.earmark.models.yamnet.ModelLoadException;
import dev.earmark.models.yamnet.SourceDigest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a remote model ({@code gs://...}, {@code file://...}: any Beam FileSystems URI) loadable by
 * {@code YamnetModel}, which only reads local paths: copies it once per JVM into
 * {@code <root>/<hash of uri>-<hash of listing>} and returns a config pointing at the copy. Local
 * sources are returned unchanged.
 *
 * <p>Workers on one host share the copy: each JVM copies into its own temp directory and renames it
 * into place atomically, so no one (another DoFn, another JVM, a run after a crash) ever sees a half
 * copy; whoever renames second drops its copy and uses the winner's. The directory name includes
 * the remote files' sizes and modification times, so re-exporting to the same URI gets a fresh copy
 * rather than a stale one. The root is system property {@value #ROOT_PROPERTY}, else
 * {@code java.io.tmpdir/earmark-models}.
 */
public final class LocalModelCopy {
  public static final String ROOT_PROPERTY = "earmark.modelCopyDir";
  private static final Logger LOG = LoggerFactory.getLogger(LocalModelCopy.class);
  private static final Map<String, Object> LOCKS = new ConcurrentHashMap<>();
  private static final Map<String, String> COPIED = new ConcurrentHashMap<>();
  private static final AtomicInteger COPIES = new AtomicInteger();

  private LocalModelCopy() {}

  /** True for {@code scheme://...} sources; plain local paths are loaded where they are. */
  public static boolean isRemote(String source) {
    return Locations.hasScheme(source);
  }

  /** {@code config} with its source replaced by a local copy; unchanged when already local. */
  public static ModelConfig localize(ModelConfig config) {
    return localize(config, defaultRoot());
  }

  /** Like {@link #localize(ModelConfig)}, copying under {@code root}. */
  public static ModelConfig localize(ModelConfig config, Path root) {
    String uri = config.source();
    if (!isRemote(uri)) {
      return config;
    }
    String key = root.toAbsolutePath() + "\n" + uri;
    // One lock per (root, uri): concurrent @Setups of one model wait for one copy, other models don't.
    synchronized (LOCKS.computeIfAbsent(key, k -> new Object())) {
      String local = COPIED.get(key);
      // A tmp cleaner may have removed the copy since; then copy again.
      if (local == null || !Files.exists(Path.of(local))) {
        try {
          local = copy(uri, root, config.sha256()).toString();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot copy model " + uri + " to " + root + ": " + e.getMessage(), e);
        }
        COPIED.put(key, local);
      }
      return new ModelConfig(local, config.batchSize(), config.intraOpThreads(), config.interOpThreads(),
          config.sha256());
    }
  }

  /** How many remote copies this JVM made (reused copies don't count). */
  static int copiesMade() {
    return COPIES.get();
  }

  static Path defaultRoot() {
    String dir = System.getProperty(ROOT_PROPERTY);
    return dir != null && !dir.isBlank()
        ? Path.of(dir) : Path.of(System.getProperty("java.io.tmpdir"), "earmark-models");
  }

  private static Path copy(String uri, Path root, String sha256) throws IOException {
    Map<String, MatchResult.Metadata> files = list(uri);
    Path target = root.resolve(hash(uri, 16) + "-" + hash(listingText(files), 8));
    String entry = files.size() == 1 && files.containsKey("") ? fileName(uri) : null;
    if (Files.isDirectory(target)) {
      LOG.info("Model {}: using the existing local copy {}", uri, target);
      return entry == null ? target : target.resolve(entry);
    }
    Files.createDirectories(root);
    Path temp = Files.createTempDirectory(root, "." + target.getFileName() + ".tmp-");
    try {
      long bytes = 0;
      for (Map.Entry<String, MatchResult.Metadata> f : files.entrySet()) {
        Path dest = temp.resolve(entry != null ? entry : f.getKey()).normalize();
        if (!dest.startsWith(temp)) {
          throw new IOException("model file " + f.getValue().resourceId() + " escapes the model directory");
        }
        Files.createDirectories(dest.getParent());
        try (InputStream in = Channels.newInputStream(FileSystems.open(f.getValue().resourceId()))) {
          bytes += Files.copy(in, dest);
        }
      }
      Path tempSource = entry == null ? temp : temp.resolve(entry);
      if (sha256 != null && !sha256.isBlank()) {
        // Checked before the copy is published, so a bad remote model never sits in the cache.
        try {
          SourceDigest.verify(tempSource, sha256);
        } catch (ModelLoadException e) {
          throw new ModelLoadException("model " + uri + ": " + e.getMessage(), e);
        }
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        COPIES.incrementAndGet();
        LOG.info("Model {}: copied {} files ({} bytes) to {}", uri, files.size(), bytes, target);
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
        LOG.info("Model {}: another process copied it to {} first; using that", uri, target);
      }
    } finally {
      deleteTree(temp);
    }
    return entry == null ? target : target.resolve(entry);
  }

  /**
   * The files of the model by path relative to {@code uri}: everything under it when it is a
   * directory (SavedModel), else the one file under the key {@code ""} (a {@code .tflite}).
   */
  private static Map<String, MatchResult.Metadata> list(String uri) throws IOException {
    String base = uri.replaceAll("/+$", "");
    // Listings name files in each FileSystem's own spelling (file:///a/b lists as /a/b), so the
    // relative path is what follows the URI's scheme-less part.
    String prefix = base.substring(base.indexOf("://") + 3) + "/";
    Map<String, MatchResult.Metadata> files = new TreeMap<>();
    for (MatchResult.Metadata m : match(base + "/**")) {
      String name = m.resourceId().toString();
      if (m.resourceId().isDirectory()) {
        continue;
      }
      int at = name.indexOf(prefix);
      if (at < 0) {
        throw new IOException("listing of " + uri + " returned " + name + ", which is not under " + prefix);
      }
      files.put(name.substring(at + prefix.length()), m);
    }
    if (files.isEmpty()) {
      List<MatchResult.Metadata> single = match(base);
      if (single.size() == 1 && !single.get(0).resourceId().isDirectory()) {
        files.put("", single.get(0));
      }
    }
    if (files.isEmpty()) {
      throw new ModelLoadException("no model at " + uri + " (neither a file nor a directory with files; "
          + "write one with: earmark export-model --target=" + uri + ")");
    }
    return files;
  }

  private static List<MatchResult.Metadata> match(String spec) throws IOException {
    MatchResult r = FileSystems.match(spec, EmptyMatchTreatment.ALLOW);
    // NOT_FOUND is an answer (no such directory); ERROR (e.g. no permission) throws from metadata().
    return r.status() == MatchResult.Status.NOT_FOUND ? List.of() : r.metadata();
  }

  private static String listingText(Map<String, MatchResult.Metadata> files) {
    StringBuilder s = new StringBuilder();
    files.forEach((name, m) -> s.append(name).append(' ').append(m.sizeBytes()).append(' ')
        .append(m.lastModifiedMillis()).append('\n'));
    return s.toString();
  }

  private static String fileName(String uri) {
    String name = uri.substring(uri.lastIndexOf('/') + 1);
    return name.isEmpty() ? "model" : name;
  }

  private static String hash(String text, int hexChars) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, hexChars);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JVM without SHA-256", e);
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("could not delete temp model copy {}: {}", dir, e.getMessage());
    }
  }
}
