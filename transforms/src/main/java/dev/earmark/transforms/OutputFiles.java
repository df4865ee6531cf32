package dev.earmark.transforms;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Paths under the output root and atomic whole-file writes through Beam {@link FileSystems}: a
 * retried or crashed step never leaves a partial file under a final name. Locally a file is
 * written to a hidden temporary sibling, then renamed into place. On gs:// an object appears only
 * when its upload finishes, so it is uploaded straight to its final name: one upload instead of
 * upload, copy and delete (GCS has no rename).
 */
public final class OutputFiles {
  /** Produces a file's bytes. */
  public interface Body {
    void writeTo(WritableByteChannel channel) throws IOException;
  }

  private OutputFiles() {}

  /** {@code root/a/b/.../name}; every part must already be a safe path component. */
  public static ResourceId resolve(String root, String... parts) {
    ResourceId id = FileSystems.matchNewResource(root, true);
    for (int i = 0; i < parts.length; i++) {
      boolean last = i == parts.length - 1;
      id = id.resolve(parts[i] + (last ? "" : "/"),
          last ? StandardResolveOptions.RESOLVE_FILE : StandardResolveOptions.RESOLVE_DIRECTORY);
    }
    return id;
  }

  /** Writes {@code content} (UTF-8) to {@code target} atomically. */
  public static void writeAtomically(ResourceId target, String content) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
    writeAtomically(target, "text/plain", channel -> {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    });
  }

  /** Writes what {@code body} produces to {@code target} atomically. */
  public static void writeAtomically(ResourceId target, String mimeType, Body body) throws IOException {
    if (appearsWholeWhenWritten(target)) {
      uploadWhole(target, mimeType, body);
    } else {
      writeAndRename(target, mimeType, body);
    }
  }

  /**
   * True where a new file cannot be seen before it is complete: GCS objects (the upload is
   * finalized when the channel closes). Local and other file systems show a file while it grows.
   */
  static boolean appearsWholeWhenWritten(ResourceId target) {
    return "gs".equalsIgnoreCase(target.getScheme());
  }

  /**
   * The body writes a local staging file first, then the bytes go to the target in one upload:
   * closing a GCS channel finalizes the object with whatever was written, so a body failing
   * halfway (a corrupt source mid-clip) must never write to the target channel.
   */
  static void uploadWhole(ResourceId target, String mimeType, Body body) throws IOException {
    Path staged = Files.createTempFile("earmark-upload-", ".part");
    try {
      try (FileChannel out = FileChannel.open(staged, StandardOpenOption.WRITE)) {
        body.writeTo(out);
      }
      ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
      try (FileChannel in = FileChannel.open(staged, StandardOpenOption.READ);
          WritableByteChannel channel = FileSystems.create(target, mimeType)) {
        while (in.read(buffer) >= 0) {
          buffer.flip();
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
          buffer.clear();
        }
      }
    } finally {
      Files.deleteIfExists(staged);
    }
  }

  /**
   * Writes a hidden temporary sibling unique to this attempt (retried or speculative attempts of
   * one key may run at once), then renames it over the target.
   */
  private static void writeAndRename(ResourceId target, String mimeType, Body body) throws IOException {
    ResourceId temp = target.getCurrentDirectory().resolve(
        "." + target.getFilename() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()),
        StandardResolveOptions.RESOLVE_FILE);
    boolean renamed = false;
    try {
      try (WritableByteChannel channel = FileSystems.create(temp, mimeType)) {
        body.writeTo(channel);
      }
      FileSystems.rename(List.of(temp), List.of(target));
      renamed = true;
    } finally {
      if (!renamed) {
        try {
          FileSystems.delete(List.of(temp), StandardMoveOptions.IGNORE_MISSING_FILES);
        } catch (IOException e) {
          // Best effort: the hidden temp name is never read as an output; the first fault propagates.
        }
      }
    }
  }

  /** A temporary sibling {@link #writeAtomically} may leave behind after a crash. */
  public static boolean isTempName(String filename) {
    return filename.startsWith(".") && filename.contains(".tmp-");
  }
}
