package dev.earmark.transforms.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jcraft.jogg.Page;
import dev.earmark.transforms.audio.testing.TestAudio;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OggVorbisDecoderTest {
  @TempDir Path dir;

  static Stream<Arguments> layouts() {
    return Stream.of(
        Arguments.of(16000, 1), Arguments.of(44100, 2), Arguments.of(48000, 1),
        Arguments.of(22050, 2));
  }

  private Path ogg(int rate, int channels, double seconds) {
    return TestAudio.toOgg(
        TestAudio.noiseAndTones(dir, "n" + rate + "x" + channels, rate, channels, seconds), 4);
  }

  private static OggVorbisDecoder open(Path p) throws IOException {
    return OggVorbisDecoder.open(FileChannel.open(p), p.toString());
  }

  /** The whole file decoded from frame 0: the reference that seeks and range reads must match. */
  private static float[][] decodeAll(Path p) throws IOException {
    try (OggVorbisDecoder d = open(p)) {
      return ArraySource.readAll(d);
    }
  }

  @ParameterizedTest(name = "{0} Hz x {1}")
  @MethodSource("layouts")
  void fullDecodeMatchesLibvorbisWithinOneLsb(int rate, int channels) throws IOException {
    Path ogg = ogg(rate, channels, 3.3);
    float[][] reference = TestAudio.oggdec(ogg, channels);
    try (OggVorbisDecoder d = open(ogg)) {
      assertEquals(rate, d.info().sampleRate());
      assertEquals(channels, d.info().channels());
      assertEquals(reference[0].length, d.info().totalFrames(), "length from the last granule");
      float[][] ours = ArraySource.readAll(d);
      assertEquals(reference[0].length, ours[0].length, "decoded frames");
      int maxDiff = 0;
      for (int c = 0; c < channels; c++) {
        for (int i = 0; i < ours[c].length; i++) {
          // Both sides use round(x * 32768) clipped: see Pcm16.
          int diff = Math.abs(Pcm16.fromFloat(ours[c][i]) - Math.round(reference[c][i] * 32768f));
          maxDiff = Math.max(maxDiff, diff);
        }
      }
      assertTrue(maxDiff <= 1, "max difference " + maxDiff + " LSB");
    }
  }

  @ParameterizedTest(name = "{0} Hz x {1}")
  @MethodSource("layouts")
  void rangeReadEqualsSliceOfFullDecode(int rate, int channels) throws IOException {
    Path ogg = ogg(rate, channels, 6.1);
    float[][] full = decodeAll(ogg);
    long total = full[0].length;
    List<Long> granules = audioPageGranules(ogg);
    assertTrue(granules.size() >= 4, "test file needs several pages, has " + granules);
    long g = granules.get(granules.size() / 2);
    long g1 = granules.get(1);
    List<long[]> ranges = new ArrayList<>(List.of(
        new long[] {0, 1000},
        new long[] {g, g + 5000},
        new long[] {g + 1, g + 3001},
        new long[] {g - 1, g + 10},
        new long[] {g1, g1 + 1},
        new long[] {granules.get(0) + 1, total / 2},
        new long[] {total / 3, total},
        new long[] {total - 7, total + 1000},
        new long[] {total + 5, total + 50}));
    for (long[] r : ranges) {
      try (OggVorbisDecoder d = open(ogg)) {
        d.seek(r[0]);
        float[][] got = ArraySource.readFrames(d, r[1] - r[0]);
        long end = Math.min(r[1], total);
        long from = Math.min(r[0], total);
        for (int c = 0; c < channels; c++) {
          float[] want = Arrays.copyOfRange(full[c], (int) from, (int) end);
          assertArrayEquals(want, got[c], 0f, "range " + Arrays.toString(r) + " channel " + c);
        }
      }
    }
  }

  @Test
  void nonSeekableChannelDecodesTheSameAndSeeksForward() throws IOException {
    Path ogg = ogg(44100, 2, 2.5);
    float[][] full = decodeAll(ogg);
    try (OggVorbisDecoder d =
        OggVorbisDecoder.open(Channels.newChannel(Files.newInputStream(ogg)), ogg.toString())) {
      assertEquals(-1, d.info().totalFrames(), "length unknown without seeking");
      d.seek(30_001);
      float[][] got = ArraySource.readAll(d);
      assertArrayEquals(Arrays.copyOfRange(full[1], 30_001, full[1].length), got[1], 0f);
    }
  }

  @Test
  void fileWithManyPagesSeeksByBisection() throws IOException {
    // 20 s of 48 kHz stereo is ~100 pages: long enough that bisection (not the linear scan) runs.
    Path ogg = ogg(48000, 2, 20);
    float[][] full = decodeAll(ogg);
    for (long t0 : new long[] {17 * 48000L + 3, 5 * 48000L, 123, 9 * 48000L - 1}) {
      try (OggVorbisDecoder d = open(ogg)) {
        d.seek(t0);
        float[][] got = ArraySource.readFrames(d, 4800);
        assertArrayEquals(Arrays.copyOfRange(full[0], (int) t0, (int) t0 + 4800), got[0], 0f);
      }
    }
    // Seeking back and forth on one decoder.
    try (OggVorbisDecoder d = open(ogg)) {
      for (long t0 : new long[] {600_000, 100, 900_000, 900_100, 2}) {
        d.seek(t0);
        assertEquals(t0, d.position());
        float[][] got = ArraySource.readFrames(d, 64);
        assertArrayEquals(Arrays.copyOfRange(full[1], (int) t0, (int) t0 + 64), got[1], 0f);
      }
    }
  }

  @Test
  void tinyPagesWithPacketsSpanningSeveralPagesDecodeAndSeekExactly() throws IOException {
    Path ogg = ogg(44100, 2, 3.0);
    Path tiny = dir.resolve("tiny-pages.ogg");
    // One lacing value per page: packets span 2-3 pages, so some seeks must restart further back.
    Files.write(tiny, OggRepaginator.repaginate(ogg, 1));
    float[][] full = decodeAll(ogg);
    try (OggVorbisDecoder d = open(tiny)) {
      assertEquals(full[0].length, d.info().totalFrames());
      float[][] again = ArraySource.readAll(d);
      assertArrayEquals(full[0], again[0], 0f, "same packets, same audio");
    }
    List<Long> granules = audioPageGranules(tiny);
    assertTrue(granules.size() > 100, "many small pages: " + granules.size());
    long total = full[0].length;
    for (long t0 : new long[] {granules.get(40), granules.get(40) + 1, granules.get(77) - 1,
        total / 2, total - 100, 5}) {
      try (OggVorbisDecoder d = open(tiny)) {
        d.seek(t0);
        float[][] got = ArraySource.readFrames(d, 3000);
        int end = (int) Math.min(total, t0 + 3000);
        assertArrayEquals(Arrays.copyOfRange(full[1], (int) t0, end), got[1], 0f, "at " + t0);
      }
    }
  }

  /** Granule positions of the audio pages (those after the three header packets). */
  static List<Long> audioPageGranules(Path ogg) throws IOException {
    List<Long> out = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(ogg)) {
      OggPageReader reader = new OggPageReader(ch, 0);
      Page p;
      while ((p = reader.next()) != null) {
        if (p.granulepos() > 0) {
          out.add(p.granulepos());
        }
      }
    }
    return out;
  }
}
