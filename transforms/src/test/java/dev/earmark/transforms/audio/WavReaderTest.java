package dev.earmark.transforms.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earmark.transforms.audio.testing.TestAudio;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavReaderTest {
  @TempDir Path dir;

  @Test
  void sixteenBitExtensibleMultichannelReadsExactSamplesAndSeeks() throws IOException {
    // sox writes WAVE_FORMAT_EXTENSIBLE for more than two channels.
    Path wav = TestAudio.noiseAndTones(dir, "three", 22050, 3, 1.5);
    float[][] want = TestAudio.readWav16(wav, 3);
    try (PcmSource s = AudioSources.open(wav.toString())) {
      assertEquals(new AudioInfo(22050, 3, want[0].length), s.info());
      float[][] got = ArraySource.readAll(s);
      for (int c = 0; c < 3; c++) {
        assertArrayEquals(want[c], got[c], 0f);
      }
      s.seek(10_001);
      assertArrayEquals(Arrays.copyOfRange(want[2], 10_001, 10_101),
          ArraySource.readFrames(s, 100)[2], 0f);
    }
  }

  @Test
  void floatWavReadsTheFloats() throws IOException {
    Path wav = dir.resolve("f.wav");
    TestAudio.sox(List.of("-n", "-r", "16000", "-c", "1", "-b", "32", "-e", "floating-point",
        wav.toString(), "synth", "0.5", "sine", "300", "vol", "0.7"));
    byte[] b = Files.readAllBytes(wav);
    try (PcmSource s = AudioSources.open(wav.toString())) {
      float[][] got = ArraySource.readAll(s);
      assertEquals(8000, got[0].length);
      int dataAt = b.length - 8000 * 4;
      ByteBuffer bb = ByteBuffer.wrap(b, dataAt, 8000 * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < 8000; i++) {
        assertEquals(bb.getFloat(), got[0][i], 0f, "sample " + i);
      }
    }
  }

  @Test
  void nonSeekableWavStreamsAndSeeksForward() throws IOException {
    Path wav = TestAudio.noiseAndTones(dir, "ns", 8000, 2, 1.0);
    float[][] want = TestAudio.readWav16(wav, 2);
    try (PcmSource s = AudioSources.open(
        Channels.newChannel(Files.newInputStream(wav)), wav.toString())) {
      assertTrue(s instanceof WavReader);
      assertEquals(8000, s.info().totalFrames(), "length from the data chunk size");
      s.seek(5000);
      assertArrayEquals(Arrays.copyOfRange(want[0], 5000, 8000), ArraySource.readAll(s)[0], 0f);
    }
  }

  @Test
  void eightBitWavIsUnsupported() {
    Path wav = dir.resolve("u8.wav");
    TestAudio.sox(List.of("-n", "-r", "8000", "-c", "1", "-b", "8", "-e", "unsigned-integer",
        wav.toString(), "synth", "0.1", "sine", "300"));
    AudioFormatException e =
        assertThrows(AudioFormatException.class, () -> AudioFiles.probe(wav.toString()));
    assertEquals(AudioFormatException.Reason.UNSUPPORTED_FORMAT, e.reason());
  }
}
