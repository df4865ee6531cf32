package dev.earmark.transforms.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import net.sourceforge.javaflacencoder.FLACEncoder;
import net.sourceforge.javaflacencoder.FLACFileOutputStream;
import net.sourceforge.javaflacencoder.StreamConfiguration;

/**
 * Encodes {@code frames} frames of a source as 16-bit FLAC with java-flac-encoder. The encoder
 * rewrites STREAMINFO (length, MD5) at the end, which needs a seekable output, and Beam output
 * channels are not seekable: so it encodes into a local temp file (disk, not heap; deleted after)
 * and copies that to {@code out}. Heap use is one block of samples.
 */
final class FlacClipWriter {
  private static final int BLOCK = 4096;

  private FlacClipWriter() {}

  static void write(PcmSource source, long frames, WritableByteChannel out) throws IOException {
    Path tmp = Files.createTempFile("earmark-clip", ".flac");
    try {
      encode(source, frames, tmp);
      try (InputStream in = Files.newInputStream(tmp)) {
        in.transferTo(Channels.newOutputStream(out));
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void encode(PcmSource source, long frames, Path file) throws IOException {
    AudioInfo info = source.info();
    int channels = info.channels();
    StreamConfiguration config =
        new StreamConfiguration(channels, BLOCK, BLOCK, info.sampleRate(), 16);
    FLACEncoder encoder = new FLACEncoder();
    if (!encoder.setStreamConfiguration(config)) {
      throw new IOException("FLAC encoder rejects " + channels + " ch at " + info.sampleRate());
    }
    FLACFileOutputStream flacOut = new FLACFileOutputStream(file.toFile());
    try {
      encoder.setOutputStream(flacOut);
      encoder.openFLACStream();
      float[][] pcm = new float[channels][BLOCK];
      long left = frames;
      while (left > 0) {
        int n = source.read(pcm, 0, (int) Math.min(BLOCK, left));
        if (n < 0) {
          break;
        }
        // A fresh array per block: the encoder may keep a reference until the block is encoded.
        int[] interleaved = new int[n * channels];
        for (int i = 0; i < n; i++) {
          for (int c = 0; c < channels; c++) {
            interleaved[i * channels + c] = Pcm16.fromFloat(pcm[c][i]);
          }
        }
        encoder.addSamples(interleaved, n);
        encoder.encodeSamples(encoder.fullBlockSamplesAvailableToEncode(), false);
        left -= n;
      }
      encoder.encodeSamples(encoder.samplesAvailableToEncode(), true);
    } finally {
      flacOut.close();
    }
  }

}
