package dev.earmark.transforms.audio.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The broken inputs of the bad-input tests, made in plain Java: damaged copies of a good Ogg file
 * (cut mid-page, random bytes over a middle page, a broken capture pattern, the header pages
 * alone) and an Ogg Opus stream. Each writes {@code target} and returns it; damage lands at the
 * same place every time (seeded), so a failure reproduces.
 */
public final class BadAudio {
  private static final int HEADER = 27;

  private BadAudio() {}

  /** One Ogg page's place in the file: where it starts, how long it is, its granule position. */
  public record PageSpan(long offset, int length, long granule) {}

  /** The pages of a well-formed Ogg file, read from their headers (no CRC check). */
  public static List<PageSpan> pages(byte[] ogg) {
    List<PageSpan> pages = new ArrayList<>();
    int at = 0;
    while (at + HEADER <= ogg.length && ogg[at] == 'O' && ogg[at + 1] == 'g' && ogg[at + 2] == 'g' && ogg[at + 3] == 'S') {
      int segments = ogg[at + 26] & 0xff;
      int body = 0;
      for (int i = 0; i < segments; i++) {
        body += ogg[at + HEADER + i] & 0xff;
      }
      int length = HEADER + segments + body;
      long granule = ByteBuffer.wrap(ogg, at + 6, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
      pages.add(new PageSpan(at, length, granule));
      at += length;
    }
    return pages;
  }

  /** The page in the middle of the file (by count): an audio page well away from both ends. */
  public static PageSpan middlePage(byte[] ogg) {
    List<PageSpan> pages = pages(ogg);
    if (pages.size() < 5) {
      throw new IllegalArgumentException("need an Ogg file of at least 5 pages, got " + pages.size());
    }
    return pages.get(pages.size() / 2);
  }

  /** The file cut in the middle of its middle page. */
  public static Path truncatedMidPage(Path good, Path target) {
    byte[] all = read(good);
    PageSpan page = middlePage(all);
    return write(target, Arrays.copyOf(all, (int) page.offset() + page.length() / 2));
  }

  /** 64 random bytes over the body of the middle page: its CRC no longer matches. */
  public static Path randomBytesOverMiddle(Path good, Path target) {
    byte[] all = read(good);
    PageSpan page = middlePage(all);
    byte[] noise = new byte[64];
    new Random(9).nextBytes(noise);
    int at = (int) page.offset() + page.length() - noise.length - 1;
    System.arraycopy(noise, 0, all, at, noise.length);
    return write(target, all);
  }

  /** "OggS" of page {@code index} (0 = the first page) turned into "OgXS". */
  public static Path brokenCapturePattern(Path good, Path target, int index) {
    byte[] all = read(good);
    all[(int) pages(all).get(index).offset() + 2] = 'X';
    return write(target, all);
  }

  /** Index of the middle page, for {@link #brokenCapturePattern}. */
  public static int middlePageIndex(Path good) {
    return pages(read(good)).size() / 2;
  }

  /** The identification, comment and setup pages only: every page before the first with audio. */
  public static Path headerPagesOnly(Path good, Path target) {
    byte[] all = read(good);
    PageSpan firstAudio = pages(all).stream().filter(p -> p.granule() > 0).findFirst().orElseThrow();
    return write(target, Arrays.copyOf(all, (int) firstAudio.offset()));
  }

  /**
   * A minimal Ogg Opus stream, as RFC 7845 lays it out: an OpusHead page (mono, 48 kHz), an
   * OpusTags page and one end-of-stream page with one 20 ms packet of silence (TOC 0xf8 + a zero
   * frame), every page with its real CRC.
   */
  public static Path opus(Path target) {
    ByteBuffer head = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
    head.put("OpusHead".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 1)
        .putShort((short) 312).putInt(48_000).putShort((short) 0).put((byte) 0);
    ByteBuffer tags = ByteBuffer.allocate(8 + 4 + 7 + 4).order(ByteOrder.LITTLE_ENDIAN);
    tags.put("OpusTags".getBytes(StandardCharsets.US_ASCII)).putInt(7)
        .put("earmark".getBytes(StandardCharsets.US_ASCII)).putInt(0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int serial = 0x0b05;
    page(out, 0x02, 0, serial, 0, head.array());
    page(out, 0x00, 0, serial, 1, tags.array());
    page(out, 0x04, 312 + 960, serial, 2, new byte[] {(byte) 0xf8, (byte) 0xff, (byte) 0xfe});
    return write(target, out.toByteArray());
  }

  /** One Ogg page holding one whole packet (shorter than 255 bytes), CRC included. */
  private static void page(ByteArrayOutputStream out, int flags, long granule, int serial, int sequence, byte[] packet) {
    if (packet.length >= 255) {
      throw new IllegalArgumentException("one lacing value only");
    }
    ByteBuffer p = ByteBuffer.allocate(HEADER + 1 + packet.length).order(ByteOrder.LITTLE_ENDIAN);
    p.put("OggS".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) flags).putLong(granule)
        .putInt(serial).putInt(sequence).putInt(0).put((byte) 1).put((byte) packet.length).put(packet);
    byte[] bytes = p.array();
    int crc = oggCrc(bytes);
    ByteBuffer.wrap(bytes, 22, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(crc);
    out.writeBytes(bytes);
  }

  /** Ogg's CRC-32: polynomial 0x04c11db7, not reflected, initial value 0 (so not java.util.zip's). */
  static int oggCrc(byte[] bytes) {
    int crc = 0;
    for (byte b : bytes) {
      crc ^= (b & 0xff) << 24;
      for (int i = 0; i < 8; i++) {
        crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
      }
    }
    return crc;
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path write(Path target, byte[] bytes) {
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
      return Files.write(target, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
