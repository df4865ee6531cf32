package dev.earmark.models.yamnet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * sha256 of a model source. A file hashes its bytes ({@code sha256sum file}). A directory hashes
 * the text {@code sha256sum} prints for its regular files sorted by relative path, i.e.
 * {@code (cd dir && find . -type f | sed 's|^./||' | LC_ALL=C sort | xargs sha256sum) | sha256sum}.
 */
public final class SourceDigest {
  private SourceDigest() {}

  public static String sha256(Path source) throws IOException {
    if (!Files.isDirectory(source)) {
      return fileSha256(source);
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(source)) {
      files = walk.filter(Files::isRegularFile).sorted(
          (a, b) -> source.relativize(a).toString().compareTo(source.relativize(b).toString()))
          .collect(Collectors.toList());
    }
    StringBuilder listing = new StringBuilder();
    for (Path f : files) {
      listing.append(fileSha256(f)).append("  ").append(source.relativize(f)).append('\n');
    }
    return HexFormat.of().formatHex(digest().digest(listing.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** Throws a {@link ModelLoadException} naming the source when its digest is not {@code expected}. */
  public static void verify(Path source, String expected) {
    String actual;
    try {
      actual = sha256(source);
    } catch (IOException e) {
      throw new ModelLoadException("cannot hash model source " + source + ": " + e.getMessage(), e);
    }
    if (!actual.equalsIgnoreCase(expected.trim())) {
      throw new ModelLoadException("sha256 mismatch for model source " + source + ": expected "
          + expected.trim() + ", got " + actual + " (corrupt or different model)");
    }
  }

  private static String fileSha256(Path file) throws IOException {
    MessageDigest md = digest();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JVM without SHA-256", e);
    }
  }
}
