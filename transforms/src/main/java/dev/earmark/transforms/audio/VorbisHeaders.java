package dev.earmark.transforms.audio;

import com.jcraft.jogg.Packet;
import com.jcraft.jogg.Page;
import com.jcraft.jogg.StreamState;
import com.jcraft.jorbis.Comment;
import com.jcraft.jorbis.Info;
import dev.earmark.transforms.audio.AudioFormatException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the three Vorbis header packets at the start of an Ogg stream and turns what can go wrong
 * there into typed errors: empty file, not Ogg, another codec (named: Opus, FLAC, ...), truncated
 * or corrupt headers, and formats beyond {@link OggVorbisDecoder#MAX_CHANNELS} / {@link
 * OggVorbisDecoder#MAX_RATE}.
 */
final class VorbisHeaders {
  private VorbisHeaders() {}

  /**
   * Fills {@code info} from the headers and returns the stream serial number; afterwards {@code
   * pages} stands at the first audio page (Vorbis headers end on a page boundary).
   */
  static int read(OggPageReader pages, Info info, String name) throws IOException {
    Page p = pages.next();
    if (p == null || pages.skippedBeforePage() > 0) {
      if (pages.bytesRead() == 0) {
        throw error(Reason.EMPTY_FILE, name, "file is empty (0 bytes)");
      }
      if (!pages.startsWithCapturePattern()) {
        throw error(Reason.NOT_OGG, name, "not an Ogg stream (no OggS capture pattern at offset 0)");
      }
      throw p == null
          ? error(Reason.TRUNCATED, name, "stream ends inside its first page")
          : error(Reason.CORRUPT_PAGE, name, "first page at byte offset 0 fails its CRC check");
    }
    int serial = p.serialno();
    StreamState stream = new StreamState();
    stream.init(serial);
    stream.pagein(p);
    Comment comment = new Comment();
    info.init();
    comment.init();
    Packet packet = new Packet();
    int headers = 0;
    while (headers < 3) {
      int r = stream.packetout(packet);
      if (r == 1) {
        if (headers == 0 && !isIdentification(packet)) {
          throw error(Reason.NOT_VORBIS, name,
              "unsupported codec: " + codec(packet) + " (earmark reads Ogg Vorbis and WAV)");
        }
        if (info.synthesis_headerin(comment, packet) < 0) {
          throw error(Reason.CORRUPT_PAGE, name, "bad Vorbis header packet " + headers);
        }
        if (headers == 0) {
          checkSupported(info, name);
        }
        headers++;
      } else if (r < 0) {
        throw error(Reason.CORRUPT_PAGE, name, "gap in the header pages");
      } else {
        p = pages.next();
        if (p == null) {
          throw error(Reason.TRUNCATED, name, "stream ends inside the Vorbis headers");
        }
        if (pages.skippedBeforePage() > 0) {
          throw error(Reason.CORRUPT_PAGE, name,
              "header page at byte " + pages.skippedAt() + " fails its CRC check");
        }
        if (p.serialno() == serial) {
          stream.pagein(p);
        }
      }
    }
    return serial;
  }

  private static void checkSupported(Info info, String name) throws AudioFormatException {
    if (info.channels > OggVorbisDecoder.MAX_CHANNELS || info.rate > OggVorbisDecoder.MAX_RATE) {
      throw error(
          Reason.UNSUPPORTED_FORMAT, name,
          info.channels + " channels at " + info.rate + " Hz; supported: up to "
              + OggVorbisDecoder.MAX_CHANNELS + " channels, up to " + OggVorbisDecoder.MAX_RATE
              + " Hz");
    }
  }

  static boolean isIdentification(Packet p) {
    return p.bytes >= 7 && p.packet_base[p.packet] == 1 && startsWith(p, 1, "vorbis");
  }

  /** A short lowercase name for the codec whose first packet this is ("opus", "flac", ...). */
  static String codec(Packet p) {
    if (startsWith(p, 0, "OpusHead")) {
      return "opus";
    }
    if (startsWith(p, 1, "FLAC")) {
      return "flac";
    }
    if (startsWith(p, 0, "Speex")) {
      return "speex";
    }
    if (startsWith(p, 1, "theora")) {
      return "theora";
    }
    int n = Math.min(8, p.bytes);
    String head = new String(p.packet_base, p.packet, n, StandardCharsets.ISO_8859_1);
    return "unknown (first packet starts with \"" + head.replaceAll("[^ -~]", "?") + "\")";
  }

  private static boolean startsWith(Packet p, int at, String magic) {
    if (p.bytes < at + magic.length()) {
      return false;
    }
    for (int i = 0; i < magic.length(); i++) {
      if (p.packet_base[p.packet + at + i] != magic.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static AudioFormatException error(Reason reason, String name, String message) {
    return new AudioFormatException(reason, name, message);
  }
}
