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
 * Paths under the output root and atomic whole-file writes through Beam {@link FileSystems}
 * (local or gs://): write a temporary sibling, then rename it into place, so a retried or crashed
 * step never leaves a partial file.
 */
public final class OutputFiles {
  private OutputFiles() {}

  /**
   * {@code root/a/b/.../name}; every part must already be a safe path component. Values from the
   * input were checked when parsed (user ids, run ids); this last check stops a bug of ours from
   * ever writing outside the output root.
   */
  public static ResourceId resolve(String root, String... parts) {
    ResourceId id = FileSystems.matchNewResource(root, true);
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.equals(".") || part.equals("..") || part.contains("/") || part.contains("\\")) {
        throw new IllegalArgumentException("'" + part + "' is not one path component: refusing to write outside " + root);
      }
      boolean last = i == parts.length - 1;
      id = id.resolve(parts[i] + (last ? "" : "/"),
          last ? StandardResolveOptions.RESOLVE_FILE : StandardResolveOptions.RESOLVE_DIRECTORY);
    }
    return id;
  }

  /**
   * Writes {@code content} to {@code target} through a hidden temporary sibling unique to this
   * attempt (retried or speculative attempts of one key may run at once), then renames it over
   * the target.
   */
  public static void writeAtomically(ResourceId target, String content) throws IOException {
    ResourceId temp = target.getCurrentDirectory().resolve(
        "." + target.getFilename() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()),
        StandardResolveOptions.RESOLVE_FILE);
    boolean renamed = false;
    try {
      try (WritableByteChannel channel = FileSystems.create(temp, "text/plain")) {
        ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
      }
      FileSystems.rename(List.of(temp), List.of(target));
      renamed = true;
    } finally {
      if (!renamed) {
        try {
          FileSystems.delete(List.of(temp), StandardMoveOptions.IGNORE_MISSING_FILES);
        } catch (IOException e) {
          // Best effort: the hidden temp name is never read as a table; the first fault propagates.
        }
      }
    }
  }
}
