package dev.earmark.transforms.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Paths under the output root, and the one way earmark writes a whole file through Beam {@link
 * FileSystems}, so the final name only ever holds a complete file and a retried or crashed step
 * never leaves a partial one:
 * <ul>
 *   <li>locally (and on file systems that show a file while it grows) into a hidden temporary
 *       sibling unique to this attempt, then renamed into place;
 *   <li>on gs://, where an object appears only when its upload finishes, staged on local disk and
 *       uploaded straight to its final name: one upload instead of upload, copy and delete (GCS
 *       has no rename).
 * </ul>
 * Every fault on the output side is an {@link OutputWriteException}.
 *
 * <p>The temporary files of writes under way in this JVM are known: when a run fails, {@link
 * #stopWrites} refuses new writes under its output root and removes them, so the writes that
 * other threads still had under way (a failed job does not wait for them) leave nothing beside
 * the outputs.
 */
public final class OutputFiles {
  /** Produces a file's bytes into the channel it is given. */
  public interface Body {
    void writeTo(WritableByteChannel channel) throws IOException;
  }

  private static final String TEMP_MARK = ".tmp-";

  /** The writes under way: each one's temporary sibling (ResourceId) or staging file (Path), and its target. */
  private static final Map<Object, String> IN_FLIGHT = new ConcurrentHashMap<>();
  /** Output roots of failed runs (directory resource names, ending in '/'): no write starts under them. */
  private static final Set<String> STOPPED = ConcurrentHashMap.newKeySet();
  private static final Object GATE = new Object();

  private OutputFiles() {}

  /**
   * After a run on {@code root} failed: no write may start under it any more, the writes under way
   * there get {@code grace} to end (their own cleanup removes their temporary files), then the
   * temporary files of those still going are deleted (a write whose file is gone cannot rename or
   * upload it into place). Returns how many were deleted. Covers this JVM (the DirectRunner's
   * workers, an embedded Flink); other JVMs' leftovers go when their recording or night is
   * finished again. Writes elsewhere are not affected.
   */
  public static int stopWrites(String root, Duration grace) {
    String prefix = rootPrefix(root);
    synchronized (GATE) {
      STOPPED.add(prefix);
    }
    long deadline = System.nanoTime() + grace.toNanos();
    while (!under(prefix).isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    int deleted = 0;
    for (Object temp : under(prefix)) {
      try {
        if (temp instanceof ResourceId id) {
          FileSystems.delete(List.of(id), StandardMoveOptions.IGNORE_MISSING_FILES);
        } else {
          Files.deleteIfExists((Path) temp);
        }
        deleted++;
      } catch (IOException | RuntimeException e) {
        // Best effort, as a write's own cleanup: a hidden temp name is never read as an output.
      }
    }
    return deleted;
  }

  /** Lets writes under {@code root} start again: a new run on it (in this JVM: tests). */
  public static void allowWrites(String root) {
    synchronized (GATE) {
      STOPPED.remove(rootPrefix(root));
    }
  }

  private static String rootPrefix(String root) {
    return FileSystems.matchNewResource(root, true).toString();
  }

  private static List<Object> under(String prefix) {
    List<Object> temps = new ArrayList<>();
    IN_FLIGHT.forEach((temp, target) -> {
      if (target.startsWith(prefix)) {
        temps.add(temp);
      }
    });
    return temps;
  }

  /** Registers a write's temporary file, unless writes under its root were stopped. */
  private static void begin(ResourceId target, Object temp) throws OutputWriteException {
    synchronized (GATE) {
      refuseIfStopped(target);
      IN_FLIGHT.put(temp, target.toString());
    }
  }

  private static void refuseIfStopped(ResourceId target) throws OutputWriteException {
    if (STOPPED.isEmpty()) {
      return;
    }
    String name = target.toString();
    for (String prefix : STOPPED) {
      if (name.startsWith(prefix)) {
        throw new OutputWriteException(name, new IOException("the run has failed: no new writes"));
      }
    }
  }

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
   * Writes what {@code body} produces to {@code target} whole. Faults of the body's own reads (e.g.
   * a clip's source) propagate as they are; faults creating, writing, closing, renaming or
   * uploading the target become {@link OutputWriteException}.
   */
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
    Path staged;
    synchronized (GATE) {
      refuseIfStopped(target);
      try {
        staged = Files.createTempFile("earmark-upload-", ".part");
      } catch (IOException e) {
        throw new OutputWriteException(target.toString(), e);
      }
      IN_FLIGHT.put(staged, target.toString());
    }
    try {
      try (WritableByteChannel out = new TargetChannel(target, FileChannel.open(staged, StandardOpenOption.WRITE))) {
        body.writeTo(out);
      }
      refuseIfStopped(target);
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
      } catch (IOException e) {
        throw e instanceof OutputWriteException ? e : new OutputWriteException(target.toString(), e);
      }
    } finally {
      Files.deleteIfExists(staged);
      IN_FLIGHT.remove(staged);
    }
  }

  /**
   * Writes a hidden temporary sibling unique to this attempt (retried or speculative attempts of
   * one key may run at once), then renames it over the target.
   */
  private static void writeAndRename(ResourceId target, String mimeType, Body body) throws IOException {
    ResourceId temp = target.getCurrentDirectory().resolve(
        "." + target.getFilename() + TEMP_MARK + Long.toHexString(ThreadLocalRandom.current().nextLong()),
        StandardResolveOptions.RESOLVE_FILE);
    boolean renamed = false;
    begin(target, temp);
    try {
      try (WritableByteChannel channel = new TargetChannel(target, create(target, temp, mimeType))) {
        // Stopped between begin and create: stopWrites may have looked for this file before it existed.
        refuseIfStopped(target);
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
      IN_FLIGHT.remove(temp);
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
