package dev.earmark.models.yamnet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Extracts a POSIX/GNU tar stream (as TF Hub and Kaggle ship SavedModels) into a directory,
 * refusing anything that could write outside it: absolute names, {@code ..} components, links and
 * device files are errors, not skipped, because a model archive never needs them. Long names via
 * pax {@code path=} and GNU {@code ././@LongLink} are honoured; total size is capped so a hostile
 * archive cannot fill the disk.
 */
public final class SafeTarReader {
  private static final int BLOCK = 512;

  private final long maxTotalBytes;

  public SafeTarReader(long maxTotalBytes) {
    this.maxTotalBytes = maxTotalBytes;
  }

  /** Extracts every entry of {@code tar} under {@code dest}; returns the regular files written. */
  public List<Path> extract(InputStream tar, Path dest, String source) throws IOException {
    Path root = dest.toAbsolutePath().normalize();
    Files.createDirectories(root);
    List<Path> written = new ArrayList<>();
    byte[] header = new byte[BLOCK];
    String longName = null;
    long total = 0;
    while (true) {
      int n = tar.readNBytes(header, 0, BLOCK);
      if (n == 0) {
        break;
      }
      if (n < BLOCK) {
        throw new IOException(source + ": truncated tar header");
      }
      if (isZero(header)) {
        break;
      }
      String name = longName != null ? longName : headerName(header);
      longName = null;
      long size = parseSize(header, source);
      char type = (char) header[156];
      switch (type) {
        case 'x', 'L' -> {
          // Metadata for the next entry: only the long path matters here.
          byte[] data = readData(tar, size, source);
          longName = type == 'L' ? cString(data, 0, data.length) : paxPath(data);
          continue;
        }
        case 'g' -> {
          readData(tar, size, source);
          continue;
        }
        default -> {
          // handled below
        }
      }
      Path target = safeTarget(root, name, source);
      if (type == '5') {
        Files.createDirectories(target);
        skip(tar, padded(size), source);
      } else if (type == '0' || type == '\0' || type == '7') {
        total += size;
        if (total > maxTotalBytes) {
          throw new IOException(
              source + ": archive unpacks to more than " + maxTotalBytes + " bytes; refusing");
        }
        Files.createDirectories(target.getParent());
        try (OutputStream out = Files.newOutputStream(target)) {
          copy(tar, out, size, source);
        }
        skip(tar, padded(size) - size, source);
        written.add(target);
      } else {
        throw new IOException(
            source + ": tar entry " + name + " has type '" + type + "' (links and special files"
                + " are not allowed in a model archive)");
      }
    }
    return written;
  }

  /** The entry's path under {@code root}, or an error if it would land anywhere else. */
  static Path safeTarget(Path root, String name, String source) throws IOException {
    String clean = name;
    while (clean.startsWith("./")) {
      clean = clean.substring(2);
    }
    if (clean.isEmpty() || clean.equals(".")) {
      return root;
    }
    if (clean.startsWith("/") || clean.contains("\\") || clean.contains("\0")) {
      throw new IOException(source + ": unsafe path in archive: " + name);
    }
    for (String part : clean.split("/")) {
      if (part.equals("..")) {
        throw new IOException(source + ": path traversal in archive: " + name);
      }
    }
    Path target = root.resolve(clean).normalize();
    if (!target.startsWith(root)) {
      throw new IOException(source + ": path traversal in archive: " + name);
    }
    return target;
  }

  private static String headerName(byte[] h) {
    String name = cString(h, 0, 100);
    boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
    String prefix = ustar ? cString(h, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static long parseSize(byte[] h, String source) throws IOException {
    if ((h[124] & 0x80) != 0) {
      // GNU base-256 for sizes >= 8 GiB: big-endian in the remaining bytes.
      long v = 0;
      for (int i = 125; i < 136; i++) {
        v = (v << 8) | (h[i] & 0xff);
      }
      return v;
    }
    String octal = cString(h, 124, 12).trim();
    try {
      return octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
    } catch (NumberFormatException e) {
      throw new IOException(source + ": bad tar size field '" + octal + "'");
    }
  }

  private static String paxPath(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    String path = null;
    // Records are "<len> <key>=<value>\n".
    for (String record : text.split("\n")) {
      int space = record.indexOf(' ');
      int eq = record.indexOf('=');
      if (space > 0 && eq > space && record.substring(space + 1, eq).equals("path")) {
        path = record.substring(eq + 1);
      }
    }
    return path;
  }

  private static String cString(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static long padded(long size) {
    return (size + BLOCK - 1) / BLOCK * BLOCK;
  }

  private static byte[] readData(InputStream in, long size, String source) throws IOException {
    if (size > 1 << 20) {
      throw new IOException(source + ": tar metadata entry of " + size + " bytes; refusing");
    }
    byte[] data = in.readNBytes((int) size);
    if (data.length < size) {
      throw new IOException(source + ": truncated tar entry");
    }
    skip(in, padded(size) - size, source);
    return data;
  }

  private static void copy(InputStream in, OutputStream out, long size, String source)
      throws IOException {
    byte[] buf = new byte[64 * 1024];
    long left = size;
    while (left > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw new IOException(source + ": truncated tar entry");
      }
      out.write(buf, 0, n);
      left -= n;
    }
  }

  private static void skip(InputStream in, long n, String source) throws IOException {
    if (n <= 0) {
      return;
    }
    try {
      in.skipNBytes(n);
    } catch (java.io.EOFException e) {
      throw new IOException(source + ": truncated tar archive", e);
    }
  }
}
