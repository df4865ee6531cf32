package dev.earmark.models.yamnet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes ustar archives byte by byte, including the hostile entries real tools refuse to make. */
final class TestTar {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  TestTar file(String name, byte[] data) {
    entry(name, '0', data, "");
    return this;
  }

  TestTar dir(String name) {
    entry(name, '5', new byte[0], "");
    return this;
  }

  TestTar link(String name, String target) {
    entry(name, '2', new byte[0], target);
    return this;
  }

  /** A pax extended header carrying {@code path=name}, then the file under a short stand-in name. */
  TestTar paxFile(String name, byte[] data) {
    String record = " path=" + name + "\n";
    int len = record.length();
    // The length prefix counts itself.
    while (Integer.toString(len).length() + record.length() != len) {
      len = Integer.toString(len).length() + record.length();
    }
    byte[] pax = (len + record).getBytes(StandardCharsets.UTF_8);
    entry("PaxHeaders/x", 'x', pax, "");
    entry("short-stand-in", '0', data, "");
    return this;
  }

  byte[] finish() {
    out.writeBytes(new byte[1024]);
    return out.toByteArray();
  }

  private void entry(String name, char type, byte[] data, String linkTarget) {
    byte[] h = new byte[512];
    put(h, 0, name, 100);
    put(h, 100, "0000644", 8);
    put(h, 108, "0000000", 8);
    put(h, 116, "0000000", 8);
    put(h, 124, String.format("%011o", data.length), 12);
    put(h, 136, "00000000000", 12);
    h[156] = (byte) type;
    put(h, 157, linkTarget, 100);
    put(h, 257, "ustar", 6);
    put(h, 263, "00", 2);
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    int sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, String.format("%06o", sum), 7);
    out.writeBytes(h);
    out.writeBytes(data);
    out.writeBytes(new byte[(512 - data.length % 512) % 512]);
  }

  private static void put(byte[] h, int off, String s, int max) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > max) {
      throw new IllegalArgumentException("tar field too long: " + s);
    }
    System.arraycopy(b, 0, h, off, b.length);
  }
}
