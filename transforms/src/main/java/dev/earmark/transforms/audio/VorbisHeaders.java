package dev.earmark.transforms.audio;

import com.jcraft.jogg.Packet;
import java.nio.charset.StandardCharsets;

/** Recognises the first packet of an Ogg logical stream, to name the codec in errors. */
final class VorbisHeaders {
  private VorbisHeaders() {}

  static boolean isIdentification(Packet p) {
    return p.bytes >= 7 && p.packet_base[p.packet] == 1 && startsWith(p, 1, "vorbis");
  }

  /** A short name for the codec whose first packet this is ("Opus", "FLAC", ...). */
  static String codec(Packet p) {
    if (startsWith(p, 0, "OpusHead")) {
      return "Opus (first packet is OpusHead)";
    }
    if (startsWith(p, 1, "FLAC")) {
      return "FLAC";
    }
    if (startsWith(p, 0, "Speex")) {
      return "Speex";
    }
    if (startsWith(p, 1, "theora")) {
      return "Theora";
    }
    int n = Math.min(8, p.bytes);
    String head = new String(p.packet_base, p.packet, n, StandardCharsets.ISO_8859_1);
    return "unknown codec (first packet starts with \"" + head.replaceAll("[^ -~]", "?") + "\")";
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
}
