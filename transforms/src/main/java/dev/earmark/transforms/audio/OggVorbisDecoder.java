package dev.earmark.transforms.audio;

import com.jcraft.jogg.Packet;
import com.jcraft.jogg.Page;
import com.jcraft.jogg.StreamState;
import com.jcraft.jorbis.Block;
import com.jcraft.jorbis.DspState;
import com.jcraft.jorbis.Info;
import dev.earmark.transforms.audio.AudioFormatException.Reason;
import dev.earmark.transforms.audio.OggSeekIndex.PageHeader;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streaming Ogg Vorbis decoder on JOrbis with sample-exact seeking. Memory is a few reused buffers
 * (one page, one 4 KiB read buffer, one Vorbis block), independent of the file length.
 *
 * <p>Positions: after a restart at a page the decoder output is discarded until the first page
 * whose last packet was decoded; that page's granule position is the absolute frame at which the
 * following output starts. Frames are therefore labelled exactly as in a decode from the start,
 * and a seek yields the same floats as the same slice of a full decode.
 *
 * <p>Faults: a CRC mismatch (or garbage) between pages fails the file with {@link
 * Reason#CORRUPT_PAGE} naming the byte offset; we do not skip and continue, because a lost page
 * shifts every later timestamp. A stream without its end-of-stream page is {@link
 * Reason#TRUNCATED}; on a seekable channel that is detected when opening.
 */
public final class OggVorbisDecoder implements PcmSource {
  private static final Logger LOG = LoggerFactory.getLogger(OggVorbisDecoder.class);
  static final int MAX_CHANNELS = 8;
  static final int MAX_RATE = 96_000;
  /** Seeks forward by less than this many seconds decode on instead of bisecting. */
  private static final int DECODE_FORWARD_SECONDS = 2;

  private final ReadableByteChannel channel;
  private final String name;
  private final OggPageReader pages;
  private final Info vorbisInfo = new Info();
  private final Packet packet = new Packet();
  private final float[][][] pcmRef = new float[1][][];
  private int[] pcmIndex;
  private int serial;
  private long dataStart;
  private OggSeekIndex index;
  private AudioInfo info;

  private StreamState stream;
  private DspState dsp;
  private Block block;
  private boolean anchored;
  private long position;
  private long skipUntil;
  private long endLimit;
  private boolean eosSeen;
  private boolean pageInProgress;
  private boolean pageDecodedPacket;
  private boolean freshRestart;
  private long pageGranule;
  private long pageStart;
  private int lastSequence = -1;

  private OggVorbisDecoder(ReadableByteChannel channel, String name) throws IOException {
    this.channel = channel;
    this.name = name;
    this.pages = new OggPageReader(channel, 0);
  }

  /**
   * Reads the Vorbis headers (and, when the channel is seekable, the last page for the length) and
   * returns a decoder positioned at frame 0. Closes the channel if opening fails.
   */
  public static OggVorbisDecoder open(ReadableByteChannel channel, String name) throws IOException {
    OggVorbisDecoder d = new OggVorbisDecoder(channel, name);
    try {
      d.readHeaders();
      return d;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private void readHeaders() throws IOException {
    serial = VorbisHeaders.read(pages, vorbisInfo, name);
    stream = new StreamState();
    dataStart = pages.offsetAfterPage();
    pcmIndex = new int[vorbisInfo.channels];
    long total = -1;
    if (channel instanceof SeekableByteChannel s) {
      index = new OggSeekIndex(s, serial, dataStart);
      PageHeader last = index.lastPage();
      if (last == null || !last.eos()) {
        throw error(
            Reason.TRUNCATED,
            last == null
                ? "no audio pages after the headers"
                : "last page (#" + last.sequence() + " at byte " + last.offset()
                    + ") has no end-of-stream flag; file cut short?");
      }
      total = last.granule();
    }
    info = new AudioInfo(vorbisInfo.rate, vorbisInfo.channels, total);
    // The page reader already stands at dataStart (headers end on a page boundary).
    resetDecoder(true);
  }

  @Override
  public AudioInfo info() {
    return info;
  }

  @Override
  public long position() {
    return Math.max(position, skipUntil);
  }

  @Override
  public void seek(long frame) throws IOException {
    if (frame < 0) {
      throw new IllegalArgumentException("negative frame " + frame);
    }
    long forward = (long) DECODE_FORWARD_SECONDS * info.sampleRate();
    if (index == null || (anchored && frame >= position && frame - position <= forward)) {
      if (frame < position()) {
        throw new IOException(name + ": cannot seek backwards on a non-seekable channel");
      }
      skipUntil = frame;
      return;
    }
    long target = frame;
    while (true) {
      PageHeader start = index.lastPageAtOrBefore(target);
      restart(start == null ? dataStart : start.offset(), start == null);
      skipUntil = frame;
      if (start == null) {
        return;
      }
      while (!anchored && decodeDiscarding()) {
        // prime the decoder until a page granule tells the absolute position
      }
      if (!anchored || position <= frame) {
        return;
      }
      // The start page's last packet began on an earlier page: restart one page further back.
      LOG.debug("{}: seek to {} restarts before page at byte {}", name, frame, start.offset());
      target = start.granule() - 1;
    }
  }

  private boolean decodeDiscarding() throws IOException {
    int n = synthesis().synthesis_pcmout(pcmRef, pcmIndex);
    if (n > 0) {
      dsp.synthesis_read(n);
      return true;
    }
    return decodeNextPacket();
  }

  @Override
  public int read(float[][] dest, int offset, int maxFrames) throws IOException {
    if (maxFrames <= 0) {
      return 0;
    }
    while (true) {
      int avail = synthesis().synthesis_pcmout(pcmRef, pcmIndex);
      if (avail > 0) {
        if (!anchored || position >= endLimit) {
          dsp.synthesis_read(avail);
          continue;
        }
        int usable = (int) Math.min(avail, endLimit - position);
        if (position < skipUntil) {
          int d = (int) Math.min(usable, skipUntil - position);
          dsp.synthesis_read(d);
          position += d;
          continue;
        }
        int n = Math.min(usable, maxFrames);
        float[][] pcm = pcmRef[0];
        for (int c = 0; c < pcmIndex.length; c++) {
          System.arraycopy(pcm[c], pcmIndex[c], dest[c], offset, n);
        }
        dsp.synthesis_read(n);
        position += n;
        return n;
      }
      if (!decodeNextPacket()) {
        return -1;
      }
    }
  }

  /** Feeds the next audio packet to the synthesis; false at the end of the stream. */
  private boolean decodeNextPacket() throws IOException {
    while (true) {
      if (pageInProgress) {
        int r = stream.packetout(packet);
        if (r == 1) {
          // Non-audio or damaged packets are not fatal to libvorbis either: it skips them.
          DspState synthesis = synthesis();
          if (block.synthesis(packet) == 0) {
            synthesis.synthesis_blockin(block);
          }
          pageDecodedPacket = true;
          return true;
        }
        if (r < 0 && !freshRestart) {
          throw error(Reason.CORRUPT_PAGE, "gap in the page sequence before byte " + pageStart);
        }
        if (r == 0) {
          finishPage();
        }
        continue;
      }
      if (eosSeen || !nextPage()) {
        return false;
      }
    }
  }

  private void finishPage() {
    pageInProgress = false;
    freshRestart = false;
    if (pageDecodedPacket && pageGranule != -1 && !anchored) {
      anchored = true;
      position = pageGranule;
    }
  }

  private boolean nextPage() throws IOException {
    while (true) {
      Page p = pages.next();
      if (p == null) {
        throw error(
            Reason.TRUNCATED,
            "stream ends at byte " + pages.bytesRead() + " without an end-of-stream page"
                + (pages.unconsumedBytes() > 0 ? " (partial page at the end)" : ""));
      }
      checkNoSkip();
      if (p.serialno() != serial) {
        continue;
      }
      stream.pagein(p);
      lastSequence = OggPageReader.sequenceNumber(p);
      pageStart = pages.pageOffset();
      pageInProgress = true;
      pageDecodedPacket = false;
      pageGranule = p.granulepos();
      if (p.eos() != 0) {
        eosSeen = true;
        endLimit = pageGranule;
      }
      return true;
    }
  }

  private void checkNoSkip() throws AudioFormatException {
    if (pages.skippedBeforePage() > 0) {
      throw error(
          Reason.CORRUPT_PAGE,
          "page at byte " + pages.skippedAt() + " (after page #" + lastSequence
              + ") fails its CRC check or is not a page; " + pages.skippedBeforePage()
              + " bytes unreadable; the file is rejected rather than decoded with a gap");
    }
  }

  private void restart(long offset, boolean fromStart) throws IOException {
    pages.restartAt(offset);
    resetDecoder(fromStart);
  }

  private void resetDecoder(boolean fromStart) {
    stream.reset();
    stream.init(serial);
    // Built on first use (synthesis()): setting up the codebooks is most of opening a short file,
    // and a probe, which only wants the headers and the length, never decodes.
    dsp = null;
    block = null;
    anchored = fromStart;
    position = 0;
    skipUntil = 0;
    endLimit = Long.MAX_VALUE;
    eosSeen = false;
    pageInProgress = false;
    freshRestart = true;
  }

  /** The synthesis state, set up at its first use after a (re)start. */
  private DspState synthesis() {
    if (dsp == null) {
      dsp = new DspState();
      dsp.synthesis_init(vorbisInfo);
      block = new Block(dsp);
    }
    return dsp;
  }

  private AudioFormatException error(Reason reason, String message) {
    return new AudioFormatException(reason, name, message);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
