package dev.earmark.transforms.audio;

import com.jcraft.jogg.Page;
import com.jcraft.jogg.SyncState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;

/**
 * Splits a byte channel into CRC-checked Ogg pages and tracks the byte offset of each one. It feeds
 * JOrbis's {@link SyncState} 4 KiB at a time, so memory stays at one page plus one read buffer.
 * Several readers may share one seekable channel: each keeps its own read position.
 */
final class OggPageReader {
  static final int READ_SIZE = 4096;

  private final ReadableByteChannel channel;
  private final SeekableByteChannel seekable;
  private final SyncState sync = new SyncState();
  private final Page page = new Page();
  private final byte[] firstBytes = new byte[4];
  private int firstBytesSeen;

  /** Offset of the first byte the sync state has not consumed yet. */
  private long consumed;
  /** Offset of the next byte to read from the channel. */
  private long readPos;

  private boolean eof;
  private long pageOffset = -1;
  private long skippedBeforePage;
  private long skippedAt = -1;

  OggPageReader(ReadableByteChannel channel, long startOffset) throws IOException {
    this.channel = channel;
    this.seekable = channel instanceof SeekableByteChannel s ? s : null;
    sync.init();
    restartAt(startOffset);
  }

  /** Forgets buffered bytes and continues reading at {@code offset} (seekable channels only). */
  void restartAt(long offset) throws IOException {
    if (seekable == null && offset != readPos) {
      throw new IOException("cannot reposition a non-seekable channel");
    }
    sync.reset();
    consumed = offset;
    readPos = offset;
    eof = false;
  }

  /**
   * Returns the next valid page (the reused {@link Page} object, valid until the next call) or null
   * when the channel ends. {@link #skippedBeforePage()} tells how many bytes of garbage or
   * CRC-failing pages were passed over to reach it.
   */
  Page next() throws IOException {
    skippedBeforePage = 0;
    skippedAt = -1;
    while (true) {
      int r = sync.pageseek(page);
      if (r > 0) {
        pageOffset = consumed;
        consumed += r;
        return page;
      }
      if (r < 0) {
        if (skippedAt < 0) {
          skippedAt = consumed;
        }
        skippedBeforePage += -r;
        consumed += -r;
        continue;
      }
      if (eof) {
        return null;
      }
      fill();
    }
  }

  private void fill() throws IOException {
    if (seekable != null && seekable.position() != readPos) {
      seekable.position(readPos);
    }
    int index = sync.buffer(READ_SIZE);
    ByteBuffer target = ByteBuffer.wrap(sync.data, index, READ_SIZE);
    int n = 0;
    while (n == 0) {
      n = channel.read(target);
    }
    if (n < 0) {
      eof = true;
      // JOrbis expects end of input to be reported as a zero-byte write.
      sync.wrote(0);
      return;
    }
    if (readPos < 4 && firstBytesSeen < 4) {
      for (int i = 0; i < n && firstBytesSeen < 4; i++) {
        firstBytes[firstBytesSeen++] = sync.data[index + i];
      }
    }
    readPos += n;
    sync.wrote(n);
  }

  /** Byte offset of the page last returned by {@link #next()}. */
  long pageOffset() {
    return pageOffset;
  }

  /** Byte offset just past the page last returned. */
  long offsetAfterPage() {
    return consumed;
  }

  long skippedBeforePage() {
    return skippedBeforePage;
  }

  /** Offset where the last skipped run began, or -1. */
  long skippedAt() {
    return skippedAt;
  }

  /** Bytes read from the channel but not part of any page (a partial page at end of input). */
  long unconsumedBytes() {
    return readPos - consumed;
  }

  long bytesRead() {
    return readPos;
  }

  /** True if the first four bytes of the channel (when read from offset 0) were "OggS". */
  boolean startsWithCapturePattern() {
    return firstBytesSeen == 4
        && firstBytes[0] == 'O'
        && firstBytes[1] == 'g'
        && firstBytes[2] == 'g'
        && firstBytes[3] == 'S';
  }

  byte[] firstBytes() {
    return firstBytes.clone();
  }

  static int sequenceNumber(Page p) {
    byte[] h = p.header_base;
    int o = p.header + 18;
    return (h[o] & 0xff) | (h[o + 1] & 0xff) << 8 | (h[o + 2] & 0xff) << 16 | (h[o + 3] & 0xff) << 24;
  }
}
