package dev.earmark.transforms.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
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
      try (WritableByteChannel channel = new TargetChannel(targetUri, create(targetUri, tmp, mimeType))) {
        body.writeTo(channel);
      }
      try {
        FileSystems.rename(List.of(tmp), List.of(target));
      } catch (IOException e) {
        throw new ClipOutputException(targetUri, e);
      }
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

  private static WritableByteChannel create(String targetUri, ResourceId tmp, String mimeType)
      throws ClipOutputException {
    try {
      return FileSystems.create(tmp, mimeType);
    } catch (IOException e) {
      throw new ClipOutputException(targetUri, e);
    }
  }

  /**
   * Marks faults of the target channel as {@link ClipOutputException}: the body interleaves
   * source reads with these writes, and only the source's faults are the input's fault.
   */
  private static final class TargetChannel implements WritableByteChannel {
    private final String targetUri;
    private final WritableByteChannel delegate;

    TargetChannel(String targetUri, WritableByteChannel delegate) {
      this.targetUri = targetUri;
      this.delegate = delegate;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      try {
        return delegate.write(src);
      } catch (IOException e) {
        throw new ClipOutputException(targetUri, e);
      }
    }

    @Override
    public boolean isOpen() {
      return delegate.isOpen();
    }

    @Override
    public void close() throws IOException {
      try {
        delegate.close();
      } catch (IOException e) {
        throw new ClipOutputException(targetUri, e);
      }
    }
  }

  static boolean isTempName(String filename) {
    return filename.startsWith(".") && filename.contains(".tmp-");
  }
}
