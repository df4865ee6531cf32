package dev.earmark.transforms.audio;

import com.jcraft.jogg.Page;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;

/**
 * Finds pages of one logical Ogg stream by granule position on a seekable channel, reading only
 * page headers near the probes: the last page (for the total length) and, by bisection, the page
 * to restart decoding from for a seek. Nothing is decoded here.
 */
final class OggSeekIndex {
  /** Below this many bytes the bisection switches to a forward scan (a few pages). */
  private static final long LINEAR_SCAN_BYTES = 64 * 1024;

  /** Max Ogg page size is 65,307 bytes; one such span from the end always holds a page start. */
  private static final long TAIL_SPAN = 66_000;

  /** A page's position and what its header says. */
  record PageHeader(long offset, long granule, boolean eos, int sequence) {}

  private final OggPageReader reader;
  private final int serial;
  private final long dataStart;
  private final long size;

  OggSeekIndex(SeekableByteChannel channel, int serial, long dataStart) throws IOException {
    this.reader = new OggPageReader(channel, dataStart);
    this.serial = serial;
    this.dataStart = dataStart;
    this.size = channel.size();
  }

  /** The last complete page of the stream, or null if no audio page follows the headers. */
  PageHeader lastPage() throws IOException {
    long from = Math.max(dataStart, size - TAIL_SPAN);
    while (true) {
      reader.restartAt(from);
      PageHeader last = null;
      Page p;
      while ((p = reader.next()) != null) {
        if (p.serialno() == serial) {
          last = header(p);
        }
      }
      if (last != null || from == dataStart) {
        return last;
      }
      from = Math.max(dataStart, from - 2 * TAIL_SPAN);
    }
  }

  /**
   * The page with the largest granule position {@code <= target}, or null when no audio page has
   * one (decode from the first audio page then). Pages without a granule (-1) are passed over.
   */
  PageHeader lastPageAtOrBefore(long target) throws IOException {
    PageHeader best = null;
    long lo = dataStart;
    long hi = size;
    while (hi - lo > LINEAR_SCAN_BYTES) {
      long mid = lo + (hi - lo) / 2;
      PageHeader p = firstGranulePage(mid, hi);
      if (p == null || p.granule() > target) {
        hi = mid;
      } else {
        best = p;
        lo = p.offset();
      }
    }
    reader.restartAt(lo);
    Page p;
    while ((p = reader.next()) != null) {
      if (p.serialno() != serial || p.granulepos() == -1) {
        continue;
      }
      if (p.granulepos() > target) {
        break;
      }
      best = header(p);
    }
    return best;
  }

  private PageHeader firstGranulePage(long from, long limit) throws IOException {
    reader.restartAt(from);
    Page p;
    while ((p = reader.next()) != null && reader.pageOffset() < limit) {
      if (p.serialno() == serial && p.granulepos() != -1) {
        return header(p);
      }
    }
    return null;
  }

  private PageHeader header(Page p) {
    return new PageHeader(
        reader.pageOffset(), p.granulepos(), p.eos() != 0, OggPageReader.sequenceNumber(p));
  }
}
