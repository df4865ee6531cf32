package dev.earmark.transforms.audio;

import com.jcraft.jogg.Packet;
import com.jcraft.jogg.Page;
import com.jcraft.jogg.StreamState;
import com.jcraft.jorbis.Comment;
import com.jcraft.jorbis.Info;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rewrites an Ogg Vorbis file with tiny pages (a few lacing values each), so packets span three or
 * more pages and many pages carry no granule (-1): the hard cases for seeking that oggenc's 4 KiB
 * pages rarely produce. Packet data is unchanged, so the decoded audio must be identical.
 */
final class OggRepaginator {
  private record Pkt(byte[] data, long granule) {}

  private OggRepaginator() {}

  static byte[] repaginate(Path ogg, int segmentsPerPage) throws IOException {
    List<Pkt> packets = readPackets(ogg);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PageWriter w = new PageWriter(out, 0x1234abcd, segmentsPerPage);
    for (int i = 0; i < packets.size(); i++) {
      w.add(packets.get(i), i == 0, i == packets.size() - 1);
      if (i == 0 || i == 2) {
        w.flush(); // the id header sits alone on page 0; audio starts on a fresh page
      }
    }
    w.flush();
    return out.toByteArray();
  }

  /** All packets, audio ones labelled with their own end granule (from the block sizes). */
  private static List<Pkt> readPackets(Path ogg) throws IOException {
    List<Pkt> out = new ArrayList<>();
    Info info = new Info();
    Comment comment = new Comment();
    info.init();
    comment.init();
    StreamState os = null;
    Packet p = new Packet();
    long granule = 0;
    int prevBlock = -1;
    long lastPageGranule = -1;
    try (FileChannel ch = FileChannel.open(ogg)) {
      OggPageReader reader = new OggPageReader(ch, 0);
      Page page;
      while ((page = reader.next()) != null) {
        if (os == null) {
          os = new StreamState();
          os.init(page.serialno());
        }
        os.pagein(page);
        lastPageGranule = page.granulepos();
        while (os.packetout(p) == 1) {
          byte[] data = Arrays.copyOfRange(p.packet_base, p.packet, p.packet + p.bytes);
          if (out.size() < 3) {
            info.synthesis_headerin(comment, p);
            out.add(new Pkt(data, 0));
            continue;
          }
          int block = info.blocksize(p);
          if (prevBlock >= 0) {
            granule += prevBlock / 4 + block / 4;
          }
          prevBlock = block;
          out.add(new Pkt(data, granule));
        }
      }
    }
    // The end-of-stream granule trims the last block; keep the encoder's value.
    Pkt last = out.get(out.size() - 1);
    out.set(out.size() - 1, new Pkt(last.data(), lastPageGranule));
    return out;
  }

  private static final class PageWriter {
    private final ByteArrayOutputStream out;
    private final int serial;
    private final int maxSegments;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final List<Integer> lacing = new ArrayList<>();
    private int sequence;
    private long pageGranule = -1;
    private boolean continued;
    private boolean bos;
    private boolean eos;
    private int pending; // bytes of the current packet not yet placed on a page

    PageWriter(ByteArrayOutputStream out, int serial, int maxSegments) {
      this.out = out;
      this.serial = serial;
      this.maxSegments = maxSegments;
    }

    void add(Pkt pkt, boolean first, boolean last) {
      bos |= first;
      byte[] d = pkt.data();
      int pos = 0;
      pending = d.length;
      while (true) {
        if (lacing.size() == maxSegments) {
          emit(pending > 0 || pos < d.length);
        }
        int seg = Math.min(255, d.length - pos);
        lacing.add(seg);
        body.write(d, pos, seg);
        pos += seg;
        if (seg < 255) {
          pageGranule = pkt.granule();
          eos |= last;
          pending = 0;
          return;
        }
      }
    }

    void flush() {
      if (!lacing.isEmpty()) {
        emit(false);
      }
    }

    /** Writes the page; {@code nextContinues}: the next page starts inside a packet. */
    private void emit(boolean nextContinues) {
      byte[] b = body.toByteArray();
      byte[] page = new byte[27 + lacing.size() + b.length];
      page[0] = 'O';
      page[1] = 'g';
      page[2] = 'g';
      page[3] = 'S';
      page[5] = (byte) ((continued ? 1 : 0) | (bos ? 2 : 0) | (eos ? 4 : 0));
      putLong(page, 6, pageGranule, 8);
      putLong(page, 14, serial, 4);
      putLong(page, 18, sequence++, 4);
      page[26] = (byte) lacing.size();
      for (int i = 0; i < lacing.size(); i++) {
        page[27 + i] = (byte) (int) lacing.get(i);
      }
      System.arraycopy(b, 0, page, 27 + lacing.size(), b.length);
      putLong(page, 22, OggCrc.of(page), 4);
      out.write(page, 0, page.length);
      continued = nextContinues;
      bos = false;
      eos = false;
      pageGranule = -1;
      lacing.clear();
      body.reset();
    }

    private static void putLong(byte[] a, int at, long v, int n) {
      for (int i = 0; i < n; i++) {
        a[at + i] = (byte) (v >>> (8 * i));
      }
    }
  }

  /** The Ogg page checksum: CRC-32, polynomial 0x04c11db7, no reflection, initial 0. */
  static final class OggCrc {
    private static final int[] TABLE = new int[256];

    static {
      for (int i = 0; i < 256; i++) {
        int r = i << 24;
        for (int j = 0; j < 8; j++) {
          r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04c11db7 : r << 1;
        }
        TABLE[i] = r;
      }
    }

    static long of(byte[] page) {
      int crc = 0;
      for (byte b : page) {
        crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ (b & 0xff)) & 0xff];
      }
      return crc & 0xffffffffL;
    }
  }
}
