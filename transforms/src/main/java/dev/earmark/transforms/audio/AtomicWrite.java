package dev.earmark.transforms.audio;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Writes a file through a hidden temporary name in the target's directory, then renames it into
 * place, so the final name only ever holds a complete file. Locally the rename is Beam's {@code
 * Files.move(REPLACE_EXISTING, ATOMIC_MOVE)}; on GCS objects appear whole anyway. A crash can
 * leave a {@code .name.tmp-*} file behind, never a partial file under the final name.
 */
final class AtomicWrite {
  /** Produces the file's bytes. */
  interface Body {
    void writeTo(WritableByteChannel channel) throws IOException;
  }

  private AtomicWrite() {}

  static void write(String targetUri, String mimeType, Body body) throws IOException {
    ResourceId target = FileSystems.matchNewResource(targetUri, false);
    // Unique per attempt so retried or concurrent attempts never share a temp file.
    String tmpName =
        "." + target.getFilename() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    ResourceId tmp = target.getCurrentDirectory().resolve(tmpName, StandardResolveOptions.RESOLVE_FILE);
    boolean renamed = false;
    try {
      try (WritableByteChannel channel = FileSystems.create(tmp, mimeType)) {
        body.writeTo(channel);
      }
      FileSystems.rename(List.of(tmp), List.of(target));
      renamed = true;
    } finally {
      if (!renamed) {
        try {
          FileSystems.delete(List.of(tmp), StandardMoveOptions.IGNORE_MISSING_FILES);
        } catch (IOException e) {
          // Best effort: the temp name is hidden and never mistaken for a clip.
        }
      }
    }
  }

  static boolean isTempName(String filename) {
    return filename.startsWith(".") && filename.contains(".tmp-");
  }
}
