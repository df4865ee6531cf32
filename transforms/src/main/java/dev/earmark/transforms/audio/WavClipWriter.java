package dev.earmark.transforms.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;

/**
 * Writes {@code frames} frames of a source as a 16-bit PCM WAV, streaming block by block. The
 * header needs the length up front, so if the source ends early the rest is written as silence.
 */
final class WavClipWriter {
  private static final int BLOCK = 4096;

  private WavClipWriter() {}

  static void write(PcmSource source, long frames, WritableByteChannel out) throws IOException {
    AudioInfo info = source.info();
    int channels = info.channels();
    long dataBytes = frames * channels * 2;
    if (dataBytes > 0xffffffffL - 36) {
      throw new IOException("clip too long for WAV: " + frames + " frames");
    }
    ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(0x46464952).putInt((int) (36 + dataBytes)).putInt(0x45564157); // RIFF, WAVE
    header.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) channels); // fmt
    header.putInt(info.sampleRate()).putInt(info.sampleRate() * channels * 2);
    header.putShort((short) (channels * 2)).putShort((short) 16);
    header.putInt(0x61746164).putInt((int) dataBytes); // data
    writeAll(out, header.flip());

    float[][] pcm = new float[channels][BLOCK];
    ByteBuffer bytes = ByteBuffer.allocate(BLOCK * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
    long left = frames;
    boolean ended = false;
    while (left > 0) {
      int want = (int) Math.min(BLOCK, left);
      int n = ended ? -1 : source.read(pcm, 0, want);
      if (n < 0) {
        ended = true;
        n = want;
        for (float[] ch : pcm) {
          java.util.Arrays.fill(ch, 0, n, 0f);
        }
      }
      bytes.clear();
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < channels; c++) {
          bytes.putShort((short) Pcm16.fromFloat(pcm[c][i]));
        }
      }
      writeAll(out, bytes.flip());
      left -= n;
    }
  }

  static void writeAll(WritableByteChannel out, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      out.write(b);
    }
  }
}
