package dev.earmark.transforms;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Paths under the output root, and the one way earmark writes a whole file (local or gs://, through
 * Beam {@link FileSystems}): into a hidden temporary sibling unique to this attempt, then renamed
 * into place, so the final name only ever holds a complete file and a retried or crashed step
 * never leaves a partial one. Every fault on the output side is an {@link OutputWriteException}.
 */
public final class OutputFiles {
  /** Produces a file's bytes into the channel it is given. */
  public interface Body {
    void writeTo(WritableByteChannel channel) throws IOException;
  }

  private static final String TEMP_MARK = ".tmp-";

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

  /** Writes {@code content} as UTF-8 text; see {@link #writeAtomically(ResourceId, String, Body)}. */
  public static void writeAtomically(ResourceId target, String content) throws IOException {
    writeAtomically(target, "text/plain", channel -> {
      ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    });
  }

  /**
   * Writes what {@code body} produces to {@code target} through a hidden temporary sibling unique
   * to this attempt (retried or speculative attempts of one key may run at once), then renames it
   * over the target. Faults of the body's own reads (e.g. a clip's source) propagate as they are;
   * faults creating, writing, closing or renaming the target become {@link OutputWriteException}.
   */
  public static void writeAtomically(ResourceId target, String mimeType, Body body) throws IOException {
    ResourceId temp = target.getCurrentDirectory().resolve(
        "." + target.getFilename() + TEMP_MARK + Long.toHexString(ThreadLocalRandom.current().nextLong()),
        StandardResolveOptions.RESOLVE_FILE);
    boolean renamed = false;
    try {
      try (WritableByteChannel channel = new TargetChannel(target, create(target, temp, mimeType))) {
        body.writeTo(channel);
      }
      try {
        FileSystems.rename(List.of(temp), List.of(target));
      } catch (IOException e) {
        throw new OutputWriteException(target.toString(), e);
      }
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

  /** Whether {@code filename} is one of {@link #writeAtomically}'s temporary names. */
  public static boolean isTempName(String filename) {
    return filename.startsWith(".") && filename.contains(TEMP_MARK);
  }

  private static WritableByteChannel create(ResourceId target, ResourceId temp, String mimeType)
      throws OutputWriteException {
    try {
      return FileSystems.create(temp, mimeType);
    } catch (IOException e) {
      throw new OutputWriteException(target.toString(), e);
    }
  }

  /**
   * Marks faults of the target channel as {@link OutputWriteException}: a body may interleave
   * reads of its input with these writes, and only the input's faults are the input's fault.
   */
  private static final class TargetChannel implements WritableByteChannel {
    private final ResourceId target;
    private final WritableByteChannel delegate;

    TargetChannel(ResourceId target, WritableByteChannel delegate) {
      this.target = target;
      this.delegate = delegate;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      try {
        return delegate.write(src);
      } catch (IOException e) {
        throw new OutputWriteException(target.toString(), e);
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
        throw new OutputWriteException(target.toString(), e);
      }
    }
  }
}
