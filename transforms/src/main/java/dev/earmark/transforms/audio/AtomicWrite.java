package dev.earmark.transforms.audio;

import dev.earmark.transforms.OutputFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import org.apache.beam.sdk.io.FileSystems;

/**
 * Writes a clip through {@link OutputFiles#writeAtomically}, so its final name only ever holds a
 * complete file, and tells output faults from source faults: every fault of the target (create,
 * write, close, rename) becomes a {@link ClipOutputException}; the source's own faults pass as
 * they are.
 */
final class AtomicWrite {
  /** Produces the file's bytes. */
  interface Body {
    void writeTo(WritableByteChannel channel) throws IOException;
  }

  private AtomicWrite() {}

  static void write(String targetUri, String mimeType, Body body) throws IOException {
    // The body interleaves source reads with writes to the target: a fault it raises that is not
    // the target channel's is the source's.
    boolean[] sourceFault = {false};
    try {
      OutputFiles.writeAtomically(FileSystems.matchNewResource(targetUri, false), mimeType, channel -> {
        try {
          body.writeTo(new TargetChannel(targetUri, channel));
        } catch (IOException | RuntimeException e) {
          sourceFault[0] = !(e instanceof ClipOutputException);
          throw e;
        }
      });
    } catch (IOException e) {
      if (sourceFault[0] || e instanceof ClipOutputException) {
        throw e;
      }
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
}
